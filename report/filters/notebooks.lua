-- Review links: under every table and figure that a notebook made, a link to the cell that
-- made it in that notebook's HTML page. `evaltools render` frames each embedded cell output
-- with two empty marker divs (.notebook-cell with href and notebook, then .notebook-cell-end);
-- this filter adds the links in the review edition's HTML and removes the markers everywhere.
-- Quarto's own embed adds a source link itself, so _quarto.yml does not list this filter.

local function link(cell)
  local text = {pandoc.Str("Gemaakt"), pandoc.Space(), pandoc.Str("in"), pandoc.Space(),
                pandoc.Str("notebook"), pandoc.Space(), pandoc.Code(cell.notebook)}
  return pandoc.Div({pandoc.Plain({pandoc.Link(text, cell.href)})},
                    pandoc.Attr("", {"notebook-link"}))
end

function Pandoc(doc)
  local current = nil
  -- links only in the review edition's HTML (the client edition points to the review edition)
  local edition = doc.meta.editie and pandoc.utils.stringify(doc.meta.editie) or "review"
  local html = FORMAT:match("html") ~= nil and edition ~= "klant"
  local function walk(blocks)
    local out = pandoc.Blocks({})
    for _, block in ipairs(blocks) do
      if block.t == "Div" and block.classes:includes("notebook-cell") then
        current = {href = block.attributes["href"], notebook = block.attributes["notebook"]}
      elseif block.t == "Div" and block.classes:includes("notebook-cell-end") then
        current = nil
      else
        if block.t == "Div" then block.content = walk(block.content) end
        out:insert(block)
        if html and current and (block.t == "Table" or block.t == "Figure") then
          out:insert(link(current))
        end
      end
    end
    return out
  end
  doc.blocks = walk(doc.blocks)
  return doc
end
