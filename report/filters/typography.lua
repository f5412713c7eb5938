-- Typography the report's texts leave to chance, per format, last of the format filters.
-- One quote style: straight quotes typed in a text ("…", '…') become the curly ones the rest of
-- the report uses (“…”, ‘…’); an apostrophe inside or before a word (KPI's, 'n) stays. Text
-- quoted as evidence (a span of class letterlijk, in Bronnen) stays exactly as in the input.
-- Dates do not break over lines in the PDF and the DOCX: "1 maart 2026" and "mei 2025" are
-- joined by non-breaking spaces.

local MONTHS = {}
for _, month in ipairs({"januari", "februari", "maart", "april", "mei", "juni", "juli",
                        "augustus", "september", "oktober", "november", "december"}) do
  MONTHS[month] = true
end
local NBSP = "\u{00A0}"
local dates = FORMAT:match("typst") ~= nil or FORMAT:match("docx") ~= nil

local function double_quotes(text)
  -- a quote that opens a word opens; any other closes
  text = text:gsub('^"(.)', "“%1"):gsub('([%(%[/])"(.)', "%1“%2")
  return (text:gsub('"', "”"))
end

-- Single quotes pair within one list of inlines: a quote before a word's first letter opens
-- when a quote after a word's last letter closes it later in the list; unpaired ones stay.
local function single_quotes(inlines)
  local open, changed = nil, false
  for i, el in ipairs(inlines) do
    if el.t == "Str" then
      if open == nil and el.text:match("^'%a") then
        open = i
      end
      if open ~= nil and (i ~= open or #el.text > 2) and el.text:match("[^%s']'[%.,;:!%?%)]*$") then
        local first = inlines[open]
        first.text = first.text:gsub("^'", "‘", 1)
        el.text = el.text:gsub("'([%.,;:!%?%)]*)$", "’%1", 1)
        open = nil
        changed = true
      end
    end
  end
  return changed
end

local function month_of(text)
  local word = text:match("^(%a+)[%.,;:%)]*$")
  return word and MONTHS[word]
end

local function join_dates(inlines)
  local i, changed = 1, false
  while i <= #inlines - 2 do
    local a, space, b = inlines[i], inlines[i + 1], inlines[i + 2]
    local joined = false
    if a.t == "Str" and space.t == "Space" and b.t == "Str" then
      local day_month = a.text:match("^%(?%d%d?$") and month_of(b.text)
      local month_year = MONTHS[a.text:match("%a+$") or ""] and b.text:match("^%d%d%d%d")
      if day_month or month_year then
        inlines[i] = pandoc.Str(a.text .. NBSP .. b.text)
        inlines:remove(i + 1)
        inlines:remove(i + 1)
        joined = true
        changed = true
      end
    end
    if not joined then i = i + 1 end
  end
  return changed
end

-- Typst: pandoc's writer turns a curly quote back into a straight one, which Typst's smart quotes
-- then guess (an opening one after "..."); the curly ones go in as escapes. Done in the same
-- walk as the quotes and dates above (a walk of every Str of its own took a fifth of the
-- Typst source's time); the marks of a Quoted (below) are escapes already.
local typst = FORMAT:match("typst") ~= nil
local ESCAPES = {["‘"] = "\\u{2018}", ["’"] = "\\u{2019}", ["“"] = "\\u{201C}", ["”"] = "\\u{201D}"}

local function curly(text)
  for char in pairs(ESCAPES) do
    if text:find(char, 1, true) then return true end
  end
  return false
end

local function escaped(el)
  local out, rest = pandoc.Inlines({}), el.text
  while #rest > 0 do
    local first, last, found = nil, nil, nil
    for char in pairs(ESCAPES) do
      local at = rest:find(char, 1, true)
      if at and (first == nil or at < first) then first, last, found = at, at + #char - 1, char end
    end
    if not first then out:insert(pandoc.Str(rest)); break end
    if first > 1 then out:insert(pandoc.Str(rest:sub(1, first - 1))) end
    out:insert(pandoc.RawInline("typst", ESCAPES[found]))
    rest = rest:sub(last + 1)
  end
  return out
end

-- ``list`` with its curly quotes as Typst escapes, or nil when it has none.
local function typst_quotes(list)
  local any = false
  for _, el in ipairs(list) do
    if el.t == "Str" and curly(el.text) then any = true; break end
  end
  if not any then return nil end
  local out = pandoc.Inlines({})
  for _, el in ipairs(list) do
    if el.t == "Str" and curly(el.text) then out:extend(escaped(el)) else out:insert(el) end
  end
  return out
end

-- Returns nil when the list is as it was: pandoc then keeps its own list and need not read
-- it back from Lua (most lists have no quote and no date; a third of the filter's time).
local function inlines(list)
  local double, single = false, false
  for _, el in ipairs(list) do
    if el.t == "Str" then
      if el.text:find('"', 1, true) then
        el.text = double_quotes(el.text)
        double = true
      elseif el.text:find("'", 1, true) then
        single = true
      end
    end
  end
  local changed = double
  if double or single then changed = single_quotes(list) or changed end
  if dates then changed = join_dates(list) or changed end
  if typst then
    local out = typst_quotes(list)
    if out ~= nil then return out end
  end
  if changed then return list end
end

-- Quotes pandoc's reader recognised ('…' and "…" in a text) are written as the curly
-- characters themselves: the Typst writer leaves them to Typst's smart quotes, which open a
-- quote again after an ellipsis ("‘Vrienden van…‘"), and it writes a curly character back as
-- a straight one; for Typst they go in as escapes.
local function mark(char, escape)
  if FORMAT:match("typst") then return pandoc.RawInline("typst", escape) end
  return pandoc.Str(char)
end

local function quoted(el)
  local single = el.quotetype == "SingleQuote"
  local out = pandoc.Inlines({single and mark("‘", "\\u{2018}") or mark("“", "\\u{201C}")})
  out:extend(el.content)
  out:insert(single and mark("’", "\\u{2019}") or mark("”", "\\u{201D}"))
  return out
end

local function literal(span)
  if span.classes:includes("letterlijk") then return span, false end
end

return {{traverse = "topdown", Span = literal, Inlines = inlines},
        {traverse = "topdown", Span = literal, Quoted = quoted}}
