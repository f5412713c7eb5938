-- Table cells and captions reach pandoc as raw Markdown blocks inside a JSON document tree;
-- here pandoc reads all of them into the tree at once (with the Markdown variant named in the
-- document's metadata: the one the report is read with), so that its own writer lays out the
-- table. A cell of one paragraph becomes plain text, as pandoc's table readers make it.
local function is_markdown(raw)
  return raw.format == "markdown"
end

function Pandoc(doc)
  local format = pandoc.utils.stringify(doc.meta["raw-markdown-format"] or "markdown")
  doc.meta["raw-markdown-format"] = nil
  -- One read for every raw block, each in a div named after its place (one read per block
  -- costs a second for a handful of tables).
  local sources = {}
  doc:walk({
    RawBlock = function(raw)
      if is_markdown(raw) then
        sources[#sources + 1] = "::: {#raw-" .. #sources + 1 .. "}\n" .. raw.text .. "\n:::\n"
      end
    end,
  })
  local read = {}
  for _, div in ipairs(pandoc.read(table.concat(sources, "\n"), format).blocks) do
    read[div.identifier] = div.content
  end
  local count = 0
  return doc:walk({
    RawBlock = function(raw)
      if not is_markdown(raw) then
        return nil
      end
      count = count + 1
      local blocks = read["raw-" .. count]
      if #blocks == 1 and blocks[1].t == "Para" then
        return pandoc.Plain(blocks[1].content)
      end
      return blocks
    end,
  })
end
