-- A notebook's page (see report/provenance_files.py, write_notebook_view), before its images
-- are embedded (tools/embed_images.lua):
-- * the notebook's cells are the page's main content (a <main> landmark);
-- * a figure shown with its alt text (report/shown.py, show_figure: output metadata "alt")
--   gets it as its description;
-- * an output that holds a table may scroll sideways on a narrow screen: it can be reached
--   with the keyboard and is named ("Uitvoer van cel 6").
local function output_region(el)
  if not el.classes:includes("output") then return nil end
  local has_table = false
  el:walk({
    Table = function() has_table = true end,
    RawBlock = function(raw) if raw.text:find("<table", 1, true) then has_table = true end end,
  })
  if not has_table then return nil end
  el.attributes["tabindex"] = "0"
  el.attributes["role"] = "region"
  local count = el.attributes["execution_count"]
  el.attributes["aria-label"] = count and ("Uitvoer van cel " .. count) or "Uitvoer"
  return el
end

local function described(el)
  local alt = el.attributes["alt"]
  if alt == nil then return nil end
  el.attributes["alt"] = nil
  if #el.caption == 0 then el.caption = {pandoc.Str(alt)} end
  return el
end

function Pandoc(doc)
  doc = doc:walk({Div = output_region, Image = described})
  doc.blocks:insert(1, pandoc.RawBlock("html", "<main>"))
  doc.blocks:insert(pandoc.RawBlock("html", "</main>"))
  return doc
end
