// An independent check of Klient's webhook signatures: the standardwebhooks
// npm package (installed by `make test-deps` into var/standardwebhooks)
// verifies each request the test's receiver got. Reads a JSON array of
// {secret, headers, body} on stdin; prints one line per request, "ok <type>"
// or "bad <reason>", and exits 1 if any is bad.
const { Webhook } = require("standardwebhooks");

let input = "";
process.stdin.on("data", (chunk) => { input += chunk; });
process.stdin.on("end", () => {
  let bad = false;
  for (const r of JSON.parse(input)) {
    try {
      const payload = new Webhook(r.secret).verify(r.body, r.headers);
      console.log("ok " + payload.type);
    } catch (e) {
      bad = true;
      console.log("bad " + e.message);
    }
  }
  process.exit(bad ? 1 : 0);
});
