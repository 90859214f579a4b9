-- Requests a random path from the file named by $PATHS (one path a line), with $METHOD
-- (GET unless set).
local paths = {}
for line in io.lines(os.getenv("PATHS")) do
  paths[#paths + 1] = line
end
local method = os.getenv("METHOD") or "GET"
math.randomseed(os.time())

request = function()
  return wrk.format(method, paths[math.random(#paths)])
end
