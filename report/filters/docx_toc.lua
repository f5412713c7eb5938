-- DOCX: a table of contents that is there when the file opens. pandoc's --toc writes an empty
-- TOC field marked dirty: Word shows nothing until it is told to update the fields, and asks
-- first (w:updateFields asks too). Here the TOC field is written with its result filled in:
-- one entry per heading of level 1 and 2 (as the PDF's), each a link to its heading. The
-- entries carry no page numbers (pages exist only once Word lays the file out); "Veld
-- bijwerken" in Word rewrites the same field with them. The render runs pandoc's docx writer
-- without --toc (render_edition.py).

if not FORMAT:match("docx") then return {} end

local DEPTH = 2

local function xml(text)
  return (text:gsub("&", "&amp;"):gsub("<", "&lt;"):gsub(">", "&gt;"):gsub('"', "&quot;"))
end

local function run(text)
  return '<w:r><w:t xml:space="preserve">' .. xml(text) .. "</w:t></w:r>"
end

local FIELD_BEGIN = '<w:r><w:fldChar w:fldCharType="begin" /></w:r>'
  .. '<w:r><w:instrText xml:space="preserve"> TOC \\o "1-' .. DEPTH .. '" \\h \\z \\u </w:instrText></w:r>'
  .. '<w:r><w:fldChar w:fldCharType="separate" /></w:r>'
local FIELD_END = '<w:r><w:fldChar w:fldCharType="end" /></w:r>'

local function entries(blocks)
  local found = {}
  blocks:walk({
    Header = function(el)
      if el.level <= DEPTH and el.identifier ~= "" and not el.classes:includes("unlisted") then
        table.insert(found, {level = el.level, id = el.identifier,
                             text = pandoc.utils.stringify(el.content)})
      end
    end,
  })
  return found
end

-- Word's bookmark names have at most 40 characters: pandoc writes no bookmark for a longer
-- identifier, so a link to it (an entry here, a cross-reference) would go nowhere. Such a
-- heading gets a shorter identifier, and the links to it follow.
local WORD_BOOKMARK = 40

local function short_identifiers(doc)
  local renamed, taken = {}, {}
  doc.blocks:walk({Header = function(el) taken[el.identifier] = true end})
  doc = doc:walk({
    Header = function(el)
      if #el.identifier <= WORD_BOOKMARK then return nil end
      local stem, n = el.identifier:sub(1, WORD_BOOKMARK - 4):gsub("%-+$", ""), 1
      local short = stem
      while taken[short] do short = stem .. "-" .. n; n = n + 1 end
      taken[short] = true
      renamed[el.identifier] = short
      el.identifier = short
      return el
    end,
  })
  if next(renamed) == nil then return doc end
  return doc:walk({
    Link = function(el)
      local target = el.target:match("^#(.*)$")
      if target and renamed[target] then el.target = "#" .. renamed[target]; return el end
    end,
  })
end

function Pandoc(doc)
  doc = short_identifiers(doc)
  local found = entries(doc.blocks)
  if #found == 0 then return doc end
  local title = doc.meta["toc-title"] and pandoc.utils.stringify(doc.meta["toc-title"]) or "Inhoud"
  local out = {
    '<w:sdt><w:sdtPr><w:docPartObj><w:docPartGallery w:val="Table of Contents" />'
      .. "<w:docPartUnique /></w:docPartObj></w:sdtPr><w:sdtContent>",
    '<w:p><w:pPr><w:pStyle w:val="TOCHeading" /></w:pPr>' .. run(title) .. "</w:p>",
  }
  for i, entry in ipairs(found) do
    local paragraph = '<w:p><w:pPr><w:pStyle w:val="TOC' .. entry.level .. '" /></w:pPr>'
    if i == 1 then paragraph = paragraph .. FIELD_BEGIN end
    paragraph = paragraph .. '<w:hyperlink w:anchor="' .. xml(entry.id) .. '" w:history="1">'
      .. run(entry.text) .. "</w:hyperlink>"
    if i == #found then paragraph = paragraph .. FIELD_END end
    table.insert(out, paragraph .. "</w:p>")
  end
  table.insert(out, "</w:sdtContent></w:sdt>")
  table.insert(doc.blocks, 1, pandoc.RawBlock("openxml", table.concat(out, "\n")))
  return doc
end
