-- A notebook's page (see report/provenance_files.py, write_notebook_view), before its images
-- are embedded (tools/embed_images.lua):
-- * the notebook's cells are the page's main content (a <main> landmark);
-- * a figure shown with its alt text (report/shown.py, show_figure: output metadata "alt")
--   gets it as its description;
-- * an output that holds a table may scroll sideways on a narrow screen: it can be reached
--   with the keyboard and is named ("Uitvoer van cel 6").
local function holds_table(el)
  local found = false
  el:walk({
    Table = function() found = true end,
    RawBlock = function(raw) if raw.text:find("<table", 1, true) then found = true end end,
  })
  return found
end

-- The outputs of one cell that hold a table, each named after the cell (its execution count,
-- as the page shows it) and, when there are more, its place among them: names are unique.
local function output_regions(cell)
  if not cell.classes:includes("cell") then return nil end
  local regions = {}
  for _, block in ipairs(cell.content) do
    if block.t == "Div" and block.classes:includes("output") and holds_table(block) then
      table.insert(regions, block)
    end
  end
  if #regions == 0 then return nil end
  local count = cell.attributes["execution_count"] or cell.identifier
  for index, region in ipairs(regions) do
    region.attributes["tabindex"] = "0"
    region.attributes["role"] = "region"
    local name = "Uitvoer van cel " .. count
    if #regions > 1 then name = name .. " (" .. index .. " van " .. #regions .. ")" end
    region.attributes["aria-label"] = name
  end
  return cell
end

local function described(el)
  local alt = el.attributes["alt"]
  if alt == nil then return nil end
  el.attributes["alt"] = nil
  if #el.caption == 0 then el.caption = {pandoc.Str(alt)} end
  return el
end

function Pandoc(doc)
  doc = doc:walk({Div = output_regions, Image = described})
  doc.blocks:insert(1, pandoc.RawBlock("html", "<main>"))
  doc.blocks:insert(pandoc.RawBlock("html", "</main>"))
  return doc
end
