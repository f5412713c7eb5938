-- Images come only from the report's generated tree (_generated/...). pandoc runs with
-- --sandbox, so its writers read no file and fetch no URL themselves: this filter puts each
-- allowed image into the media bag, and stops the render at any other source (a URL, an
-- absolute path, a path that climbs out with ..). Round texts are checked the same way by
-- `evaltools validate`, with file and line; this is the last line of defence.
-- The DOCX shows each figure's PNG (written beside its SVG by evaltools.analyse.figure_files), with the
-- same caption, alt text and attributes: LibreOffice and Word without SVG support (before Word
-- 2019 and Microsoft 365) show an SVG in a DOCX as an empty box, and pandoc's own PNG fallback
-- needs rsvg-convert on the machine. pandoc reads the size from the PNG's dpi, so the figure
-- keeps the size of its SVG. An SVG without a PNG beside it stays an SVG.

local types = {png = "image/png", svg = "image/svg+xml", jpg = "image/jpeg",
               jpeg = "image/jpeg", gif = "image/gif", pdf = "application/pdf"}

local function readable(path)
  local file = io.open(path, "rb")
  if file == nil then return false end
  file:close()
  return true
end

-- The picture a format shows for ``src``: for DOCX the PNG beside an SVG, when there is one.
local function shown(src)
  if not FORMAT:match("docx") or not src:lower():match("%.svg$") then return src end
  local png = src:sub(1, -5) .. ".png"
  if readable(png) then return png end
  return src
end

local function allowed(src)
  if src:match("^[%a][%w+.-]*:") or src:match("^/") or src:match("\\") then return false end
  for part in src:gmatch("[^/]+") do
    if part == ".." then return false end
  end
  return src:match("^_generated/") ~= nil
end

-- HTML: the figure goes into the page as a data URI here, as tools/embed_images.lua does
-- for the notebook pages (an SVG marked role="img" with its alt text as aria-label), so that
-- the page stays one file without a second walk over every element of the report.
local html = FORMAT:match("html") ~= nil

local function embed(el)
  local mime, contents = pandoc.mediabag.lookup(el.src)
  el.src = pandoc.mediabag.make_data_uri(mime, contents)
  if mime == "image/svg+xml" then
    el.attributes.role = "img"
    local alt = pandoc.utils.stringify(el.caption)
    if alt ~= "" then el.attributes["aria-label"] = alt end
  end
end

function Image(el)
  local src = el.src
  if not allowed(src) then
    error("Afbeelding '" .. src .. "' ligt buiten het rapport (een URL, een absoluut pad " ..
          "of een pad met '..'); een rapporttekst toont alleen figuren uit _generated/.", 0)
  end
  src = shown(src)
  el.src = src
  if pandoc.mediabag.lookup(src) == nil then
    local file = io.open(src, "rb")
    if file == nil then
      error("Afbeelding '" .. src .. "' bestaat niet.", 0)
    end
    local data = file:read("a")
    file:close()
    local extension = (src:match("%.(%w+)$") or ""):lower()
    pandoc.mediabag.insert(src, types[extension] or "application/octet-stream", data)
  end
  if html then embed(el) end
  return el
end
