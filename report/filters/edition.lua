-- Two editions from one source. Metadata `editie` is "klant" (the client edition) or "review".
-- A level-1 section whose heading has class .review-only (Bronnen, full Verantwoording) is
-- dropped from the client edition, one with class .client-only (the one-page Verantwoording
-- in words) from the review edition. The client edition also drops every source marker
-- ([B12]{.bron}): the codes are for reviewers. Runs before the numbering and source filters.

local edition = "review"
local omitted = {}  -- ids of appendices the round leaves out of the client edition

local function drops(header)
  if edition == "klant" then
    if omitted[header.identifier] ~= nil then
      omitted[header.identifier] = true
      return true
    end
    return header.classes:includes("review-only")
  end
  return header.classes:includes("client-only")
end

local function sections(blocks)
  local out, skipping = pandoc.Blocks({}), false
  for _, block in ipairs(blocks) do
    if block.t == "Header" and block.level == 1 then skipping = drops(block) end
    if not skipping then out:insert(block) end
  end
  return out
end

local function is_marker(el)
  return el.t == "Span" and el.classes:includes("bron")
end

local function markers(inlines)
  local any = false
  for _, el in ipairs(inlines) do
    if is_marker(el) then any = true; break end
  end
  if not any then return nil end  -- left as it is: rebuilding every list costs a full read-back
  local out = pandoc.Inlines({})
  for i, el in ipairs(inlines) do
    local next_el = inlines[i + 1]
    if is_marker(el) then
      -- drop the marker; a space before it was already kept: remove it again
      if #out > 0 and (out[#out].t == "Space" or out[#out].t == "SoftBreak") then
        out:remove(#out)
      end
    elseif (el.t == "Space" or el.t == "SoftBreak") and next_el and is_marker(next_el) then
      out:insert(el)  -- removed with the marker above
    else
      out:insert(el)
    end
  end
  return out
end

return {
  {Meta = function(meta)
    if meta.editie then edition = pandoc.utils.stringify(meta.editie) end
    for _, id in ipairs(meta["klant-zonder"] or {}) do omitted[pandoc.utils.stringify(id)] = false end
  end},
  {Pandoc = function(doc)
    doc.blocks = sections(doc.blocks)
    for id, found in pairs(omitted) do
      if edition == "klant" and not found then
        error("round.yaml, klant_zonder_bijlagen: '" .. id:gsub("^sec%-", "") .. "' is geen " ..
              "hoofdstuk of bijlage van het rapport. Gebruik de id van een bijlage uit " ..
              "report/index.qmd zonder 'sec-', bijvoorbeeld bijlage-ontwikkeling.")
      end
    end
    if edition ~= "klant" then return doc end
    return doc:walk({Inlines = markers})
  end},
}
