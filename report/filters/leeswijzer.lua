-- The Leeswijzer's list of appendices: a div of class "bijlagenlijst" in a round text (it may
-- be empty) becomes a list of the appendices this edition has, each as a cross-reference with
-- its title ("Bijlage 5: Wederhoor"). Runs after edition.lua, which drops the appendices the
-- edition has not, and before crossref.lua, which numbers the references; a round with no
-- appendix gets a sentence that says so. In Quarto the div keeps what the text put in it.

local function reference(id)
  local citation = pandoc.Citation(id, "AuthorInText")
  return pandoc.Cite({pandoc.Str("@" .. id)}, {citation})
end

function Pandoc(doc)
  local has_list = false
  doc.blocks:walk({Div = function(div)
    if div.classes:includes("bijlagenlijst") then has_list = true end
  end})
  if not has_list then return nil end
  local items = {}
  for _, block in ipairs(doc.blocks) do
    if block.t == "Header" and block.level == 1 and block.classes:includes("appendix")
        and block.identifier ~= "" then
      local line = pandoc.Inlines({reference(block.identifier), pandoc.Str(":"), pandoc.Space()})
      line:extend(block.content)
      table.insert(items, {pandoc.Plain(line)})
    end
  end
  local list = #items > 0 and pandoc.BulletList(items)
    or pandoc.Para({pandoc.Str("Dit"), pandoc.Space(), pandoc.Str("rapport"), pandoc.Space(),
                    pandoc.Str("heeft"), pandoc.Space(), pandoc.Str("geen"), pandoc.Space(),
                    pandoc.Str("bijlagen.")})
  doc.blocks = doc.blocks:walk({Div = function(div)
    if div.classes:includes("bijlagenlijst") then return list end
  end})
  return doc
end
