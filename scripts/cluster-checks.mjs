// The HTTP steps of scripts/cluster-test.sh, done as a browser without JavaScript does them
// (plain form posts, the session cookie, the pages' HTML). Each command prints what it saw and
// exits with 1 after a line starting with "FAILED:" when an expectation does not hold.
// Usage:
//   node scripts/cluster-checks.mjs coherence EMAIL PASSWORD
//       a submission through instance 1 (its form's ticket taken from instance 3: one
//       ICC_SECRET), published by the moderator signed in through instance 2, must be found on
//       instance 3 by the public list filtered by its country, type and title with the right
//       counts within 1 s of the publication's answer (the time is printed as "coherence NNN
//       ms"); the moderator's session cookie must open the queue on every instance
//   node scripts/cluster-checks.mjs publish EMAIL PASSWORD
//       (scripts/bench-growth.sh, issue 20) a submission through the first instance, published
//       there by the moderator: prints "publish acknowledged NNN ms", "visible here NNN ms"
//       (the first instance's list, filtered by country, type and title, shows it) and, with a
//       second instance, "visible on another instance NNN ms", each counted from the moment the
//       publication was posted
//   node scripts/cluster-checks.mjs submit BASE_URL TITLE EXPECTED_STATUS
//       a submission posted to BASE_URL/submit; with 200 its answer must hold the manage link,
//       otherwise the answer must be a page that keeps the typed title in the form's title field
//       and says why (the "could not save" text for 503)
// Environment: CLUSTER_URL (the public origin, sent as Origin), CLUSTER_INSTANCE_URLS.
const origin = new URL(process.env.CLUSTER_URL).origin;
const instances = (process.env.CLUSTER_INSTANCE_URLS ?? "").split(" ").filter(Boolean);
const [command, ...args] = process.argv.slice(2);

function fail(message) {
  console.log(`FAILED: ${message}`);
  process.exit(1);
}

const text = (html) => html.replace(/<!--[\s\S]*?-->/g, "").replace(/<[^>]+>/g, "").replace(/\s+/g, " ").trim();

/** A fresh ticket from the submission form's page at `base` (the hidden field `ticket`). */
async function ticket(base) {
  const page = await (await fetch(`${base}/submit`)).text();
  const found = /name="ticket" value="([^"]+)"/.exec(page)?.[1];
  if (!found) fail(`no ticket in the form of ${base}/submit`);
  return found;
}

/** Posts a complete submission the way the form without JavaScript does. */
async function submit(base, title, { country = "EE", type = "education", ticketFrom = base } = {}) {
  const form = new URLSearchParams({
    city: "Clustertown", country, text_language: "en", title,
    summary: "A submission sent by the cluster test to check several instances.",
    description: "First paragraph.\n\nSecond paragraph.",
    activity: "ongoing", start_date: "2022-03-01", end_date: "",
    website: "https://cluster.example/x", contact_email: "",
    submitter_name: "Cluster Test", submitter_email: "cluster@cluster.example",
    submitter_role: "Test", consent: "yes", leave_empty: "", ticket: await ticket(ticketFrom),
  });
  form.append("types", type);
  form.append("types", "health");
  form.append("commitments", "1");
  form.append("languages", "uk");
  const t0 = performance.now();
  const response = await fetch(`${base}/submit`, {
    method: "POST", redirect: "manual",
    headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: origin, "Accept-Language": "en" },
    body: form,
  });
  const body = await response.text();
  return {
    status: response.status, body, ms: performance.now() - t0,
    token: /\/manage\/([A-Za-z0-9_-]{43})/.exec(body)?.[1],
  };
}

async function signIn(base, email, password) {
  const response = await fetch(`${base}/admin/sign-in`, {
    method: "POST", redirect: "manual",
    headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: origin },
    body: new URLSearchParams({ email, password }),
  });
  const cookie = (response.headers.get("set-cookie") ?? "").split(";")[0];
  if (response.status !== 303 || !cookie.startsWith("icc_session=") || cookie === "icc_session=") {
    fail(`signing in through ${base}: ${response.status} ${response.headers.get("location")}`);
  }
  return cookie;
}

/** The total the list page's heading gives ("1 initiative") and whether `title` is on the page. */
async function listed(base, query, title) {
  const response = await fetch(`${base}/initiatives?${query}`, { headers: { "Accept-Language": "en" } });
  const html = await response.text();
  const heading = /id="results-h"[^>]*>([\s\S]*?)<\/h2>/.exec(html)?.[1];
  const total = heading === undefined ? NaN : Number(/\d+/.exec(text(heading))?.[0] ?? 0);
  return { status: response.status, total, found: title !== undefined && html.includes(title) };
}

async function coherence(email, password) {
  if (instances.length < 3) fail("the coherence check needs three instances");
  const [one, two, three] = instances;
  const marker = Math.random().toString(36).slice(2, 10);
  const title = `Cluster coherence ${marker}`;
  const country = "EE", type = "education";
  const narrow = `country=${country}&type=${type}`;
  const query = `${narrow}&q=${encodeURIComponent(title)}`;

  const cookie = await signIn(two, email, password);
  for (const [i, base] of instances.entries()) {
    const response = await fetch(`${base}/admin`, { headers: { Cookie: cookie } });
    const html = await response.text();
    if (response.status !== 200 || !html.includes(email)) {
      fail(`the moderator's session (signed in through instance 2) on instance ${i + 1}: /admin answers ${response.status}`);
    }
  }
  console.log(`the moderator's session cookie opens the queue (200) on all ${instances.length} instances`);

  const before = await listed(three, narrow);
  if (before.status !== 200) fail(`the list on instance 3 answers ${before.status}`);

  // The ticket comes from instance 3: the shared ICC_SECRET must make it good on instance 1.
  const sent = await submit(one, title, { country, type, ticketFrom: three });
  if (sent.status !== 200 || !sent.token) fail(`the submission through instance 1 answered ${sent.status} without a manage link`);
  console.log(`submitted through instance 1 (ticket from instance 3): 200 with its manage link`);

  // Instance 2: the queue lists it; its review page gives the version; publish.
  const queue = await (await fetch(`${two}/admin`, { headers: { Cookie: cookie } })).text();
  const id = new RegExp(`href="/admin/initiatives/(\\d+)"[^>]*>${title}<`).exec(queue)?.[1];
  if (!id) fail(`the submission is not in the queue on instance 2`);
  const review = await (await fetch(`${two}/admin/initiatives/${id}`, { headers: { Cookie: cookie } })).text();
  const version = /name="version" value="(\d+)"/.exec(review)?.[1];
  if (!version) fail(`no version on the review page of item ${id} on instance 2`);
  const published = await fetch(`${two}/admin/initiatives/${id}/act`, {
    method: "POST", redirect: "manual",
    headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: origin, Cookie: cookie },
    body: new URLSearchParams({ version, action: "publish", reason: "" }),
  });
  const publishedAt = performance.now();
  const location = published.headers.get("location") ?? "";
  if (published.status !== 303 || !location.includes("done=publish")) {
    fail(`publishing item ${id} through instance 2: ${published.status} ${location}`);
  }
  console.log(`published through instance 2 (item ${id})`);

  // Instance 3: the public list, filtered by country, type and the title, until it shows it.
  let seen = null, polls = 0, last;
  while (performance.now() - publishedAt < 10_000) {
    polls++;
    last = await listed(three, query, title);
    if (last.status === 200 && last.found && last.total === 1) { seen = performance.now(); break; }
    await new Promise((r) => setTimeout(r, 20));
  }
  if (seen === null) fail(`instance 3 did not list the published submission within 10 s (last: ${JSON.stringify(last)})`);
  const ms = Math.round(seen - publishedAt);
  console.log(`coherence ${ms} ms: instance 3 lists it (country=${country}, type=${type}, q=its title: 1 initiative) ${ms} ms after the publication was answered (${polls} polls)`);

  // The counts of the wider view moved by one, on both instances that did not publish.
  for (const [i, base] of [[1, one], [3, three]]) {
    const after = await listed(base, narrow);
    if (after.total !== before.total + 1) {
      fail(`instance ${i}: ${narrow} lists ${after.total}, not ${before.total} + 1`);
    }
  }
  console.log(`${narrow}: ${before.total} before, ${before.total + 1} after on instances 1 and 3`);
  if (ms > 1000) fail(`coherence took ${ms} ms: more than 1 s`);
}

async function submitCheck(base, title, expected) {
  const sent = await submit(base, title);
  const kept = new RegExp(`<input[^>]*name="title"[^>]*value="${title}"`).test(sent.body);
  const said = text(sent.body).includes("could not save this just now");
  console.log(`POST ${base}/submit: ${sent.status} in ${Math.round(sent.ms)} ms${sent.token ? ", with its manage link" : ""}` +
    `${kept ? ", the typed title kept in the form" : ""}${said ? ', saying "could not save this just now"' : ""}`);
  if (String(sent.status) !== expected) fail(`the submission answered ${sent.status}, not ${expected}`);
  if (expected === "200") {
    if (!sent.token) fail("the accepted submission's answer holds no manage link");
  } else {
    if (!kept) fail("the refused submission's page does not keep the typed title in its title field");
    if (expected === "503" && !said) fail("the 503 page does not say that the site could not save it");
  }
}

/** Times one publication (see the usage above). */
async function publishTiming(email, password) {
  const [here, other] = instances;
  const marker = Math.random().toString(36).slice(2, 10);
  const title = `Publish timing ${marker}`;
  const query = `country=EE&type=education&q=${encodeURIComponent(title)}`;
  const cookie = await signIn(here, email, password);
  const sent = await submit(here, title);
  if (sent.status !== 200) fail(`the submission answered ${sent.status}`);
  const queue = await (await fetch(`${here}/admin`, { headers: { Cookie: cookie } })).text();
  const id = new RegExp(`href="/admin/initiatives/(\\d+)"[^>]*>${title}<`).exec(queue)?.[1];
  if (!id) fail("the submission is not in the queue");
  const review = await (await fetch(`${here}/admin/initiatives/${id}`, { headers: { Cookie: cookie } })).text();
  const version = /name="version" value="(\d+)"/.exec(review)?.[1];
  if (!version) fail(`no version on the review page of item ${id}`);
  const t0 = performance.now();
  const published = await fetch(`${here}/admin/initiatives/${id}/act`, {
    method: "POST", redirect: "manual",
    headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: origin, Cookie: cookie },
    body: new URLSearchParams({ version, action: "publish", reason: "" }),
  });
  const acknowledged = performance.now() - t0;
  if (published.status !== 303) fail(`publishing item ${id}: ${published.status}`);
  console.log(`publish acknowledged ${acknowledged.toFixed(1)} ms`);
  for (const [name, base] of [["here", here], ["on another instance", other]]) {
    if (!base) continue;
    let seen = null;
    while (performance.now() - t0 < 10_000) {
      const now = await listed(base, query, title);
      if (now.found && now.total === 1) { seen = performance.now() - t0; break; }
      await new Promise((r) => setTimeout(r, 2));
    }
    if (seen === null) fail(`not visible ${name} within 10 s`);
    console.log(`visible ${name} ${seen.toFixed(1)} ms`);
  }
}

if (command === "coherence") await coherence(...args);
else if (command === "publish") await publishTiming(...args);
else if (command === "submit") await submitCheck(...args);
else fail(`unknown command ${command}`);
