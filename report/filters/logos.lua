-- HTML only: each cover logo (metadata `logos`, a file under _generated/logos/) gets its file as
-- a data URI in `logos[i].data`, which the HTML template shows; the page stays one file
-- without pandoc's --embed-resources. The file name is the fixed one the render gives a logo
-- (logo1.png, ...); any other name stops the render, as media.lua does for a figure.

local types = {png = "image/png", svg = "image/svg+xml", jpg = "image/jpeg",
               jpeg = "image/jpeg", gif = "image/gif"}

function Meta(meta)
  if meta.logos == nil then return nil end
  for _, logo in ipairs(meta.logos) do
    local name = pandoc.utils.stringify(logo.bestand)
    local extension = name:match("^logo%d+%.(%w+)$")
    local kind = extension and types[extension]
    if kind == nil then
      error("Logo '" .. name .. "' is geen afbeelding uit _generated/logos/.", 0)
    end
    local file = io.open("_generated/logos/" .. name, "rb")
    if file == nil then error("Logo '" .. name .. "' bestaat niet.", 0) end
    local data = file:read("a")
    file:close()
    logo.data = pandoc.mediabag.make_data_uri(kind, data)
    -- as --embed-resources marked an SVG (and embed_images.lua a figure): role and label
    if kind == "image/svg+xml" then logo.svg = true end
  end
  return meta
end
