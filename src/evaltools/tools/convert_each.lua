-- Many small texts converted in one pandoc process, each on its own: stdin holds
-- {"from": ..., "to": ..., "texts": [...]}, stdout gets the list of converted texts in order.
-- Each text is read and written separately (no identifier, footnote or link definition of one
-- reaches another), exactly as one `pandoc --from <from> --to <to>` run per text would make it.
-- The readers run sandboxed: they may read no file at all.
local request = pandoc.json.decode(io.read("a"), false)
local out = {}
for index, text in ipairs(request.texts) do
  out[index] = pandoc.write(pandoc.read(text, request.from, nil, {}), request.to)
end
io.write(pandoc.json.encode(out))
