-- Source markers: a statement's [B1, B4]{.bron} becomes superscript links to the entries
-- {#bron-b1} of the Bronnen appendix. HTML gets the entry's text as hover text (title);
-- Typst gets #link(<bron-b1>) to the label, DOCX a hyperlink to the bookmark. A code without
-- an entry stops the render: a marker must never point at nothing.
-- Links with class notebook-link (the notebook views beside the HTML report) stay links in
-- HTML only; the other formats keep their text.
-- On a notebook page (metadata `bron-doel`) the codes link to the rows of the evidence listing
-- on the ingest notebook's page instead (see evaltools.report.provenance_files).

local entries = {}   -- anchor id -> entry text ("B1: zelfevaluatie van ..., Criteria!D4 (sterktes)")
local unit = "de eenheid"  -- the programme's unit, from metadata `eenheid` (see the Meta filter)

local function anchor(code)
  local id = code:lower():gsub("[^a-z0-9-]+", "-"):gsub("^-+", ""):gsub("-+$", "")
  return "bron-" .. id
end

-- Pass 1: the entries, from the list of the Bronnen appendix (a div of class bronnenlijst):
-- per document a list, each entry starting with its code, a span with the entry's id and its
-- hover text as attribute `hover` (the attribute goes: it is for this filter only).
local function collect(div)
  if not div.classes:includes("bronnenlijst") then return nil end
  div = div:walk({Span = function(span)
    if span.identifier:match("^bron%-") and span.attributes["hover"] then
      entries[span.identifier] = span.attributes["hover"]
      span.attributes["hover"] = nil
      return span
    end
  end})
  -- the div itself goes: in Typst it would wrap the whole list in one block (more memory)
  return div.content
end

-- Pass 2: markers to links. A marker is a Span [B1, B4]{.bron}, or a superscript that holds
-- only codes (^B1,B4^, the older form).
local function is_code(code)
  return code:match("^B%d+$") ~= nil or code:match("^ev%-[%w%-]+$") ~= nil
end

local function marker_codes(el)
  local raw
  if el.t == "Span" and el.classes:includes("bron") then
    raw = pandoc.utils.stringify(el.content)
  elseif el.t == "Superscript" then
    raw = pandoc.utils.stringify(el.content)
    for code in raw:gmatch("[^,%s]+") do
      if not is_code(code) then return nil end
    end
    if not raw:match("%S") then return nil end
  else
    return nil
  end
  local codes = {}
  for code in raw:gmatch("[^,%s]+") do table.insert(codes, code) end
  return codes
end

-- On a notebook page (metadata `bron-doel`, e.g. "ingest.html#bewijs-"), a code links to its
-- row in the evidence listing instead, and there is no Bronnen appendix to check against.
local target = nil

local function entry(code)
  local id = anchor(code)
  if target then return target .. id:gsub("^bron%-", ""), "" end
  local text = entries[id]
  if text == nil then
    error("Bronverwijzing " .. code .. " verwijst naar niets: de bijlage Bronnen heeft " ..
          "geen regel #" .. id .. ". Maak de analyse opnieuw (evaltools analyse) en " ..
          "controleer de bronnen in de beoordeling.")
  end
  return id, text
end

-- Codes in number order, three or more consecutive ones as a range (B78, B79, B80 -> B78–B80);
-- a range links to its first entry and, in HTML, shows every entry's text on hover.
local function runs(codes)
  local numbered, other, seen = {}, {}, {}
  for _, code in ipairs(codes) do
    if not seen[code] then
      seen[code] = true
      local n = code:match("^B(%d+)$")
      if n then table.insert(numbered, tonumber(n)) else table.insert(other, code) end
    end
  end
  table.sort(numbered)
  local out, i = {}, 1
  while i <= #numbered do
    local j = i
    while j < #numbered and numbered[j + 1] == numbered[j] + 1 do j = j + 1 end
    if j - i >= 2 then
      local members = {}
      for k = i, j do table.insert(members, "B" .. numbered[k]) end
      table.insert(out, members)
    else
      for k = i, j do table.insert(out, {"B" .. numbered[k]}) end
    end
    i = j + 1
  end
  for _, code in ipairs(other) do table.insert(out, {code}) end
  return out
end

local function marker(codes)
  local out = {}
  for _, members in ipairs(runs(codes)) do
    local titles = {}
    for _, code in ipairs(members) do
      local _, text = entry(code)
      table.insert(titles, text)
    end
    local href = entry(members[1])
    local label = #members == 1 and members[1] or (members[1] .. "–" .. members[#members])
    if #out > 0 then table.insert(out, pandoc.Str(",")) end
    -- JSON: a tree that is written to HTML later keeps the text (formats.lua drops it elsewhere)
    local hover = FORMAT:match("html") or FORMAT == "json"
    local title = (hover and not target) and table.concat(titles, "; ") or ""
    if not target then href = "#" .. href end
    table.insert(out, pandoc.Link({pandoc.Str(label)}, href, title,
                                  pandoc.Attr("", {"bron"})))
  end
  return pandoc.Superscript(out)
end

-- A statement the hub responded to in the wederhoor: its marker carries the statement's id
-- (attribute `wederhoor`) and the consultants' decision (`besluit`); the link goes to the
-- response in the Wederhoor appendix ({#wederhoor-<id>}). Not on a notebook page.
local function response_link(el)
  local id = el.t == "Span" and el.attributes["wederhoor"] or nil
  if id == nil or target then return nil end
  local decision = el.attributes["besluit"] or ""
  local hover = FORMAT:match("html") or FORMAT == "json"
  local title = hover and ("Reactie van " .. unit .. " in de wederhoor; besluit: " .. decision)
    or ""
  local text = {pandoc.Str("wederhoor")}
  if decision ~= "" then
    text = {pandoc.Str("wederhoor"), pandoc.Space(), pandoc.Str("(" .. decision .. ")")}
  end
  return pandoc.Link(text, "#wederhoor-" .. id, title, pandoc.Attr("", {"wederhoor"}))
end

-- Each marker on its own (an element filter): a filter on every list of inlines had pandoc
-- hand all of them to Lua, most holding no marker. A marker without codes goes.
local function marker_element(el)
  local codes = marker_codes(el)
  if codes == nil then return nil end
  local response = response_link(el)
  if #codes == 0 and response == nil then return {} end
  local out = #codes > 0 and marker(codes) or pandoc.Superscript({})
  if response then
    if #out.content > 0 then out.content:insert(pandoc.Str(",")) end
    out.content:insert(response)
  end
  return out
end

local function notebook_link(el)
  if el.classes:includes("notebook-link") then return el.content end
  return nil
end

-- HTML and a JSON tree keep the notebook links: there no Link is handed to Lua at all (ten
-- thousand of them at 100 hubs, nearly all of them not notebook links).
local keeps_links = FORMAT:match("html") ~= nil or FORMAT == "json"

-- The list is a div at the top of the report or in a div (where evaltools render puts the
-- appendix): a walk from the top looks into divs only and skips every other block with all
-- it holds. A walk for every Div would have pandoc go through every element of the report.
local function list_div(div)
  if div.classes:includes("bronnenlijst") then return collect(div), false end
  return nil
end

return {
  {Meta = function(meta)
    if meta["bron-doel"] then target = pandoc.utils.stringify(meta["bron-doel"]) end
    -- the programme's unit with its article, from metadata.yml; not kept in the document
    if meta["eenheid"] then
      unit = pandoc.utils.stringify(meta["eenheid"])
      meta["eenheid"] = nil
      return meta
    end
  end},
  {traverse = "topdown", Div = list_div, Block = function() return nil, false end},
  {Span = marker_element, Superscript = marker_element,
   Link = (not keeps_links) and notebook_link or nil},
}
