-- Many small texts converted in one pandoc process, each on its own: stdin holds
-- {"from": ..., "to": ..., "texts": [...]} and optionally "filters" (paths of Lua filters,
-- each returning a list of filters, as for --lua-filter) and "meta" (metadata set on every
-- text before the filters run); stdout gets the list of converted texts in order.
-- Each text is read and written separately (no identifier, footnote or link definition of one
-- reaches another), exactly as one `pandoc --from <from> --to <to>` run per text would make it.
-- The readers run sandboxed: they may read no file at all.
local request = pandoc.json.decode(io.read("a"), false)
FORMAT = request.to  -- as a filter run by pandoc sees it
local filters = {}
for _, path in ipairs(request.filters or {}) do
  for _, filter in ipairs(dofile(path)) do table.insert(filters, filter) end
end
local out = {}
for index, text in ipairs(request.texts) do
  local doc = pandoc.read(text, request.from, nil, {})
  for key, value in pairs(request.meta or {}) do doc.meta[key] = value end
  for _, filter in ipairs(filters) do doc = doc:walk(filter) end
  out[index] = pandoc.write(doc, request.to)
end
io.write(pandoc.json.encode(out))
