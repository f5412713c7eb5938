-- Many small texts converted in one pandoc process, each on its own: stdin holds
-- {"from": ..., "to": ..., "texts": [...]}, stdout gets the list of converted texts in order.
-- Each text is read and written separately (no identifier, footnote or link definition of one
-- reaches another), exactly as one `pandoc --from <from> --to <to>` run per text would make it.
-- The readers run sandboxed: they may read no file at all. With "filters" (Lua filter files)
-- and "metadata" (a map), each text's document gets that metadata and goes through those
-- filters, in order, as `--metadata ... --lua-filter ...` would do.
local request = pandoc.json.decode(io.read("a"), false)
FORMAT = request.to  -- as a filter run by pandoc sees it
local out = {}
for index, text in ipairs(request.texts) do
  local doc = pandoc.read(text, request.from, nil, {})
  for key, value in pairs(request.metadata or {}) do doc.meta[key] = value end
  for _, filter in ipairs(request.filters or {}) do
    doc = pandoc.utils.run_lua_filter(doc, filter)
  end
  out[index] = pandoc.write(doc, request.to)
end
io.write(pandoc.json.encode(out))
