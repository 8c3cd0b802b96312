-- wrk script: every request gets a URL never asked before (an ignored parameter changes), so
-- the page cache misses and each page is filtered, counted, rendered and compressed afresh.
local counter
init = function(args)
  -- Each wrk thread has its own Lua state: start its counter from its own table address.
  local addr = tonumber(tostring({}):match("0x(%x+)"), 16) or 0
  counter = (addr % 1000) * 1000000000
end
request = function()
  counter = counter + 1
  return wrk.format("GET", wrk.path .. "&nocache=" .. string.format("%d", counter))
end
