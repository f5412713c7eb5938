-- Quarto-style numbering, cross-references and callouts for plain pandoc.
-- Headings get their number as text (1, 3.2, Bijlage 2), tables and figures with a
-- tbl-/fig- id get "Tabel N"/"Figuur N", and @sec-/@tbl-/@fig- citations become links.
-- Numbers are generated here, never typed in the sources. Nothing here depends on the output
-- format: it runs once per edition, and filters/formats.lua does the rest (callouts, images).
--
-- The notebook pages reuse this numbering. With metadata `crossref-export` (a file), the
-- filter writes its labels there (id -> "tabel 12") and drops that metadata. With
-- `crossref-labels` (such a map) and `crossref-target` (the review edition's HTML), it numbers
-- nothing: a reference becomes a link into the report ("Tabel 12", to target#tbl-x), and a
-- table or figure that the report numbers gets the report's number in its caption.

local labels = {}          -- id -> reference text ("paragraaf 3.2")
local counters = {0, 0, 0, 0, 0, 0}
local appendix = 0
local in_appendix = false
local counts = {tbl = 0, fig = 0}
local target = nil         -- the report's HTML: labels come from it (see read_mode)

local function is_unnumbered(el)
  return el.classes:includes("unnumbered") or el.classes:includes("unlisted")
end

local function number_header(el)
  if target then return nil end
  if el.classes:includes("appendix") and el.level == 1 then
    in_appendix = true
    appendix = appendix + 1
    counters = {0, 0, 0, 0, 0, 0}
    local number = "Bijlage " .. appendix
    if el.identifier ~= "" then labels[el.identifier] = "bijlage " .. appendix end
    el.content = {pandoc.Str(number), pandoc.Str(":"), pandoc.Space(), table.unpack(el.content)}
    return el
  end
  if is_unnumbered(el) or in_appendix then
    return nil
  end
  counters[el.level] = counters[el.level] + 1
  for level = el.level + 1, #counters do counters[level] = 0 end
  local parts = {}
  for level = 1, el.level do table.insert(parts, tostring(counters[level])) end
  local number = table.concat(parts, ".")
  if el.identifier ~= "" then
    labels[el.identifier] = (el.level == 1 and "hoofdstuk " or "paragraaf ") .. number
  end
  el.content = {pandoc.Str(number), pandoc.Space(), table.unpack(el.content)}
  return el
end

local function prefix_caption(caption, text)
  -- the no-break space sits inside the bold label: Typst's writer drops a space after it
  local lead = {pandoc.Strong({pandoc.Str(text .. ".\u{A0}")})}
  if #caption.long == 0 then
    caption.long = {pandoc.Plain(lead)}
  else
    local first = caption.long[1]
    first.content = {table.unpack(lead), table.unpack(first.content)}
  end
  return caption
end

local function capitalised_text(text)
  return pandoc.text.upper(pandoc.text.sub(text, 1, 1)) .. pandoc.text.sub(text, 2)
end

-- Tables (tbl-) and figures (fig-) are counted separately, each through the whole report.
local function numberer(prefix, noun)
  return function(el)
    if el.attributes and el.attributes["subfigure-of"] then return nil end  -- numbered with its group
    if not el.identifier:match("^" .. prefix .. "%-") then return nil end
    if target then
      local text = labels[el.identifier]
      if text == nil then return nil end
      el.caption = prefix_caption(el.caption, capitalised_text(text))
      return el
    end
    counts[prefix] = counts[prefix] + 1
    labels[el.identifier] = noun:lower() .. " " .. counts[prefix]
    el.caption = prefix_caption(el.caption, noun .. " " .. counts[prefix])
    return el
  end
end

-- Quarto's subfigures: a div {#fig-x} holding figures {#fig-x-1} ... and, as its last
-- paragraph, the caption of the whole. The whole is figure N ("@fig-x": figuur N); its parts
-- are figures Na, Nb, ... ("@fig-x-2": figuur Nb), each captioned with the whole's caption and
-- its own ("Figuur 3b. Scores ..., deel 2 van 4: ..."), so that a part on its own page still
-- says what it shows. The parts stay separate figures: a page break may fall between them.
local function is_callout(el)
  for _, class in ipairs(el.classes) do
    if class:match("^callout%-%a+$") then return true end
  end
  return false
end

-- A heading inside a callout is its title (filters/formats.lua): never numbered, never in a
-- table of contents, and it does not move the numbers of the sections after it.
local function unlist_headings(el)
  return el:walk({Header = function(h)
    for _, class in ipairs({"unnumbered", "unlisted"}) do
      if not h.classes:includes(class) then h.classes:insert(class) end
    end
    return h
  end})
end

local function mark_subfigures(el)
  if is_callout(el) then return unlist_headings(el) end
  if not el.identifier:match("^fig%-") then return nil end
  for _, block in ipairs(el.content) do
    if block.t == "Figure" then block.attributes["subfigure-of"] = el.identifier end
  end
  return el
end

local function number_figure_group(el)
  if target or not el.identifier:match("^fig%-") then return nil end
  local parts, caption, content = {}, nil, pandoc.Blocks({})
  for index, block in ipairs(el.content) do
    if block.t == "Figure" then
      table.insert(parts, block)
      content:insert(block)
    elseif index == #el.content and (block.t == "Para" or block.t == "Plain") then
      caption = block.content
    else
      content:insert(block)
    end
  end
  if #parts == 0 then return nil end
  counts.fig = counts.fig + 1
  local number = tostring(counts.fig)
  labels[el.identifier] = "figuur " .. number
  for index, part in ipairs(parts) do
    local letter = string.char(string.byte("a") + index - 1)
    part.attributes["subfigure-of"] = nil
    if part.identifier ~= "" then labels[part.identifier] = "figuur " .. number .. letter end
    local own = pandoc.utils.blocks_to_inlines(part.caption.long)
    local inlines = pandoc.Inlines({})
    if caption then
      inlines:extend(caption)
      if #own > 0 then inlines:extend({pandoc.Str(","), pandoc.Space()}) end
    end
    inlines:extend(own)
    part.caption.long = {pandoc.Plain(inlines)}
    part.caption = prefix_caption(part.caption, "Figuur " .. number .. letter)
  end
  el.content = content
  return el
end

local function resolve(el)
  local first = el.citations[1]
  local id = first.id
  if not (id:match("^sec%-") or id:match("^tbl%-") or id:match("^fig%-")) then
    return el.content  -- not a cross-reference: keep the text as written (no bibliography)
  end
  local text = labels[id]
  if #el.citations > 1 then
    error("Kruisverwijzing met meer dan één doel (" .. id .. " ...) wordt niet ondersteund: " ..
          "schrijf elke verwijzing apart.")
  end
  if text == nil and target then
    return {pandoc.Emph({pandoc.Str("(" .. id .. ":"), pandoc.Space(), pandoc.Str("niet"),
                         pandoc.Space(), pandoc.Str("in"), pandoc.Space(), pandoc.Str("het"),
                         pandoc.Space(), pandoc.Str("rapport)")})}
  end
  if text == nil then
    error("Kruisverwijzing @" .. id .. " verwijst naar niets: er is geen kop, tabel of figuur " ..
          "met {#" .. id .. "}. Controleer de schrijfwijze in de tekst.")
  end
  if target then
    return pandoc.Link({pandoc.Str(text)}, target .. "#" .. id, "in het rapport (review-editie)")
  end
  return pandoc.Link({pandoc.Str(text)}, "#" .. id)
end

-- A reference that opens a sentence is capitalised ("Tabel 10 vat ... samen"): at the start
-- of a paragraph or after a word that ends a sentence.
local function opens_sentence(inlines, i)
  local j = i - 1
  while j >= 1 and (inlines[j].t == "Space" or inlines[j].t == "SoftBreak") do j = j - 1 end
  if j < 1 then return true end
  local previous = inlines[j]
  return previous.t == "Str" and previous.text:match("[%.!?]$") ~= nil
end

local function capitalised(link)
  local first = link.content[1]
  if first and first.t == "Str" then first.text = capitalised_text(first.text) end
  return link
end

-- Most lists hold no reference: they are left as they are (nil), not rebuilt, which would
-- have pandoc read every list of the report back from Lua.
local function resolve_all(inlines)
  -- pandoc's Markdown reader keeps a citation's source text ("@sec-x") as its content: a
  -- list whose text has no "@" holds no Cite. One call per list instead of one per element
  -- (most of this walk's time at 100 hubs).
  if not pandoc.utils.stringify(inlines):find("@", 1, true) then return nil end
  local any = false
  for i = 1, #inlines do
    if inlines[i].t == "Cite" then any = true; break end
  end
  if not any then return nil end
  local out = pandoc.Inlines({})
  for i = 1, #inlines do
    local el = inlines[i]
    if el.t == "Cite" then
      local resolved = resolve(el)
      if resolved.t == "Link" then
        if opens_sentence(inlines, i) then resolved = capitalised(resolved) end
        out:insert(resolved)
      else
        out:extend(resolved)
      end
    else
      out:insert(el)
    end
  end
  return out
end

-- Alt text: Quarto's fig-alt becomes the image description in every format.
local function alt_text(el)
  local alt = el.attributes["fig-alt"]
  if not alt then return nil end
  el.attributes["fig-alt"] = nil
  el.attributes["alt"] = alt
  return el
end

-- The lists of inlines that may hold a reference. The text of a block (pandoc.utils.stringify,
-- on pandoc's side) holds the text of every list in it, but not of its footnotes: a block
-- without "@" is skipped with all it holds (a walk of every list of the report hands pandoc's
-- Lua every list and element: most of this filter's time at 100 hubs), the lists of the
-- others are resolved as before. A footnote with "@" (seen in the first walk) makes it walk
-- every list.
local refs_in_notes = false

local function note_refs(el)
  if pandoc.utils.stringify(el.content):find("@", 1, true) then refs_in_notes = true end
  return nil
end

local LEAF = {Para = true, Plain = true, Header = true, LineBlock = true}

local function resolve_block(block)
  if not pandoc.utils.stringify(block):find("@", 1, true) then return nil, false end
  if LEAF[block.t] then return block:walk({Inlines = resolve_all}), false end
  return nil  -- a list, table, div...: its blocks one by one
end

-- The mode (see the top): labels read from crossref-labels, or written to crossref-export.
local export = nil

local function read_mode(meta)
  if not (meta["crossref-labels"] or meta["crossref-export"]) then return nil end
  if meta["crossref-labels"] then
    target = pandoc.utils.stringify(meta["crossref-target"] or "")
    for id, text in pairs(meta["crossref-labels"]) do labels[id] = pandoc.utils.stringify(text) end
    meta["crossref-labels"], meta["crossref-target"] = nil, nil
  end
  if meta["crossref-export"] then
    export = pandoc.utils.stringify(meta["crossref-export"])
    meta["crossref-export"] = nil
  end
  return meta
end

local function write_labels()
  local ids = {}
  for id in pairs(labels) do table.insert(ids, id) end
  table.sort(ids)
  local parts = {}
  for _, id in ipairs(ids) do
    table.insert(parts, pandoc.json.encode(id) .. ": " .. pandoc.json.encode(labels[id]))
  end
  local file = assert(io.open(export, "w"))
  file:write("{\n" .. table.concat(parts, ",\n") .. "\n}\n")
  file:close()
end

local function resolve_document(doc)
  if export then write_labels() end
  if refs_in_notes then return doc:walk({Inlines = resolve_all}) end
  doc.meta = pandoc.Pandoc({}, doc.meta):walk({Inlines = resolve_all}).meta
  return doc:walk({traverse = "topdown", Block = resolve_block, Inlines = resolve_all})
end

-- Each list is one walk over the whole report (a fifth of a second at 25 hubs): alt texts,
-- footnotes and subfigure marks share one, as none reads what another changes.
return {
  {Image = alt_text, Note = note_refs, Div = mark_subfigures, Meta = read_mode},
  {Header = number_header, Table = numberer("tbl", "Tabel"), Figure = numberer("fig", "Figuur"),
   Div = number_figure_group},
  {Pandoc = resolve_document},
}
