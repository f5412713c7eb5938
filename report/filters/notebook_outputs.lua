-- The Markdown outputs of a notebook on its page (see report/provenance_files.py): each output
-- is a document of its own, whose headings were written for their place in the report (a
-- "###" under a chapter). On the page they stand under the notebook's own title: the highest
-- heading of an output becomes level 2 and the others keep their distance to it, so that no
-- level is skipped (axe: heading-order).
function Pandoc(doc)
  local top = nil
  doc.blocks:walk({Header = function(el)
    if top == nil or el.level < top then top = el.level end
  end})
  if top == nil or top == 2 then return nil end
  return doc:walk({Header = function(el)
    el.level = math.max(1, math.min(6, el.level - top + 2))
    return el
  end})
end
