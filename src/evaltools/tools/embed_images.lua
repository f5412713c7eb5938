-- A self-contained page without --embed-resources: every image that pandoc's reader put into
-- the media bag (a notebook's figure outputs) is written as a data URI in its place. An image
-- not in the media bag is left as it is: nothing is read or fetched. --embed-resources did
-- the same and then parsed and wrote the whole page again (a third of a notebook page's time).
-- As --embed-resources does, an SVG is marked role="img" with its alt text as aria-label.
function Image(el)
  local mime, contents = pandoc.mediabag.lookup(el.src)
  if contents == nil then return nil end
  el.src = pandoc.mediabag.make_data_uri(mime, contents)
  if mime == "image/svg+xml" then
    el.attributes.role = "img"
    local alt = pandoc.utils.stringify(el.caption)
    if alt ~= "" then el.attributes["aria-label"] = alt end
  end
  return el
end
