-- What depends on the output format, for a document that the other filters already read
-- once into pandoc's JSON tree (`evaltools render` runs edition, sources and crossref once
-- per edition with --to json, then writes each format with media, this filter and notebooks).
-- Callouts become a titled box in every format, with Quarto's Dutch default titles
-- (callout-*-title in quarto-cli's src/resources/language/_language-nl.yml); Typst gets its
-- image calls with alt text and a DOCX picture its alt text as description; source markers
-- keep their hover text and notebook links stay links in HTML only; a short table does not
-- break over two pages in the PDF.

local callout_titles = {note = "Opmerking", tip = "Tip", important = "Belangrijk",
                        warning = "Waarschuwing", caution = "Opgelet"}

local function callout(el)
  local kind
  for _, class in ipairs(el.classes) do
    local found = class:match("^callout%-(%a+)$")
    if found then kind = found end
  end
  if kind == nil then return nil end
  local blocks = el.content
  local title = el.attributes["title"] and pandoc.read(el.attributes["title"]).blocks[1].content
  if title == nil and #blocks > 0 and blocks[1].t == "Header" then
    title = blocks[1].content
    blocks = {table.unpack(blocks, 2)}
  end
  title = title or {pandoc.Str(callout_titles[kind] or callout_titles.note)}
  if FORMAT:match("typst") then
    local out = {pandoc.RawBlock("typst", '#callout(kind: "' .. kind .. '", title: [')}
    table.insert(out, pandoc.Plain(title))
    table.insert(out, pandoc.RawBlock("typst", "])["))
    for _, block in ipairs(blocks) do table.insert(out, block) end
    table.insert(out, pandoc.RawBlock("typst", "]"))
    return out
  elseif FORMAT:match("docx") then
    local inner = {pandoc.Para({pandoc.Strong(title)}), table.unpack(blocks)}
    return pandoc.Div(inner, pandoc.Attr("", {}, {["custom-style"] = "Kader"}))
  else
    local inner = {pandoc.Div({pandoc.Plain(title)}, pandoc.Attr("", {"callout-title"})),
                   table.unpack(blocks)}
    return pandoc.Div(inner, pandoc.Attr(el.identifier, {"callout", "callout-" .. kind},
                                         {role = "note"}))
  end
end

-- Typst resolves image paths from the .typ file; ours are relative to report/ (the root).
-- pandoc's Typst writer drops alt text, which PDF/UA requires: write the image call ourselves.
local function typst_string(text)
  return '"' .. text:gsub("\\", "\\\\"):gsub('"', '\\"') .. '"'
end

local function image(el)
  if FORMAT:match("docx") then
    -- pandoc's DOCX writer takes a picture's description (what a screen reader says) from the
    -- image's text, not from its alt attribute: without this Word reads out the caption
    local alt = el.attributes["alt"]
    if alt == nil then return nil end
    el.caption = pandoc.Inlines(alt)
    return el
  end
  if not FORMAT:match("typst") then return nil end
  local src = el.src
  if not src:match("^/") and not src:match("^%a+:") then src = "/" .. src end
  local alt = el.attributes["alt"] or pandoc.utils.stringify(el.caption)
  return pandoc.RawInline("typst", "#image(" .. typst_string(src) .. ", alt: " ..
                          typst_string(alt) .. ", width: " .. (el.attributes["width"] or "100%") .. ")")
end

local function link(el)
  if FORMAT:match("html") then return nil end
  if el.classes:includes("notebook-link") then return el.content end
  if el.classes:includes("bron") and el.title ~= "" then
    el.title = ""
    return el
  end
  return nil
end

-- A short table stays on one page: Typst breaks tables (long ones must), and a table of three
-- rows could otherwise leave its caption, header and one row at the foot of a page. Short means
-- few rows of little text, so that the table can never be taller than a page.
local SHORT_TABLE_ROWS, SHORT_TABLE_CHARACTERS = 8, 800

-- In HTML a table that is wider than the screen (a phone: 320 px) scrolls sideways inside a
-- region that a keyboard can reach and a screen reader names by its caption (WCAG 2.1.1;
-- axe: scrollable-region-focusable); rapport.css keeps the caption in view.
local function scroll_region(el)
  local label = pandoc.utils.stringify(el.caption.long)
  if label == "" then label = "Tabel" end
  -- attributes as a list of pairs: a Lua table's keys come in a different order each run
  return pandoc.Div({el}, pandoc.Attr("", {"tabel-scroll"},
                                      {{"tabindex", "0"}, {"role", "region"}, {"aria-label", label}}))
end

local function short_table(el)
  if FORMAT:match("html") then return scroll_region(el) end
  if not FORMAT:match("typst") then return nil end
  local rows = #el.head.rows + #el.foot.rows
  for _, body in ipairs(el.bodies) do rows = rows + #body.head + #body.body end
  if rows > SHORT_TABLE_ROWS or #pandoc.utils.stringify(el) > SHORT_TABLE_CHARACTERS then
    return nil
  end
  return {pandoc.RawBlock("typst", "#block(breakable: false)["), el, pandoc.RawBlock("typst", "]")}
end

-- Typst: the charts of a chapter (they float, templates/rapport.typ) are placed before the next
-- chapter's page (place.flush). It stands before the heading, not in the heading's show rule:
-- there it would put the heading's anchor (its bookmark, its page in the contents) on the page
-- before; and not at the top of a page, where a flush leaves the page blank.
local FLUSH = "#context if here().position().y > 4cm { place.flush() }"

local function chapter(el)
  if el.level ~= 1 or not FORMAT:match("typst") then return nil end
  return {pandoc.RawBlock("typst", FLUSH), el}
end

-- Typst: every chart goes through the template's placed-chart: in the flow where it fits under
-- the text before it, floating on to the next page where it does not (no gap before it). A chart
-- that simply floated could be set above text that comes before it: at the foot of its page
-- under the next section's heading, or at the top of the next page above the last rows of the
-- table before it.
local function placed_chart(figure)
  if not FORMAT:match("typst") then return nil end
  local has_table = false  -- a figure is a chart unless it holds a table
  figure:walk({Table = function() has_table = true end})
  if has_table then return nil end
  return {pandoc.RawBlock("typst", "#placed-chart["), figure, pandoc.RawBlock("typst", "]")}
end

-- In HTML images and links stay as they are: no walk hands them to Lua (each walk goes
-- through every element of the report, a second at 100 hubs).
local html = FORMAT:match("html") ~= nil

return {
  html and {} or {Image = image, Link = link},
  {Div = callout, Table = short_table, Header = not html and chapter or nil},
  html and {} or {Figure = placed_chart},
}
