// Mailgun's official JavaScript SDK (mailgun.js) against the emulator: every SDK call for the
// APIs the emulator serves, each object created, read back, updated, read back and deleted,
// and each answer read through the SDK's own parsing.
//
// tests/conformance/test_js_client.py runs this with `node --test`, MG_URL and MG_API_KEY
// set to an emulator on loopback started with its default settings, and NODE_PATH to where
// it installed the SDK. The tests refuse any host but loopback, so they never reach real
// Mailgun.
//
// mailgun.js has no calls for IP warmups, IP bands, dynamic IP pools, account webhooks,
// v4 domain webhooks or DIPP spillover: the Python package's and Go SDK's tests cover
// those they can reach. Its calls of APIs the emulator does not serve (sending, domain
// create, update, verify and delete, account settings, sandbox recipients, the public
// validation key) are left out.
'use strict';

const { test } = require('node:test');
const assert = require('node:assert/strict');
const Mailgun = require('mailgun.js');

const DEDICATED = '192.0.2.10';
const SPARE = '192.0.2.13'; // dedicated, on no domain and in no DIPP in the seed
const SHARED = '198.51.100.1';
const DOMAIN = 'news.example.com';
const OBJECT_ID = /^[0-9a-f]{24}$/;
// DIPP IP and link changes answer "started" and show after a few reads (the emulator's
// default lag is 2 reads); a change still unseen after this many is not coming.
const MAX_READS = 6;

// A client of the emulator's account as seeded: each test starts from the seed, so that
// none depends on what another left behind or on the order they run in.
async function client() {
  const url = new URL(process.env.MG_URL);
  if (!['127.0.0.1', 'localhost'].includes(url.hostname)) {
    throw new Error(`MG_URL must be an emulator on loopback, not ${process.env.MG_URL}`);
  }
  const reset = await fetch(`${process.env.MG_URL}/_emulator/reset`, {
    method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}',
  });
  assert.equal(reset.status, 200, 'the emulator did not reset');
  return new Mailgun(FormData).client({
    username: 'api', key: process.env.MG_API_KEY, url: process.env.MG_URL, timeout: 10000,
  });
}

// The SDK's error for a refused call: its status, and the `message` of Mailgun's body
// (the SDK keeps nothing else of it: a body of another shape leaves `details` empty).
async function refused(call, status, details) {
  await assert.rejects(call, (error) => {
    assert.equal(error.type, 'MailgunAPIError', error.stack);
    assert.equal(error.status, status, `${error.message}: ${JSON.stringify(error.details)}`);
    assert.match(error.details, details);
    return true;
  });
}

function started(result) {
  assert.equal(result.message, 'started');
  assert.match(result.reference_id, OBJECT_ID);
}

async function eventually(read, check) {
  let last;
  for (let n = 0; n < MAX_READS; n += 1) {
    last = await read();
    if (check(last)) return last;
  }
  assert.fail(`still not there after ${MAX_READS} reads: ${JSON.stringify(last)}`);
}

// Mailgun deletes a subaccount with its id in a header, not the path (REFERENCE 8).
async function newSubaccount(mg, name) {
  const { subaccount } = await mg.subaccounts.create(name);
  assert.match(subaccount.id, OBJECT_ID);
  return subaccount.id;
}

test('IPs', async () => {
  const mg = await client();
  const listed = await mg.ips.list();
  assert.equal(listed.total_count, listed.items.length);
  assert.ok(listed.assignable_to_pools.includes(DEDICATED));
  assert.ok(!listed.assignable_to_pools.includes(SHARED));
  const byIp = Object.fromEntries(listed.details.map((d) => [d.ip, d]));
  assert.equal(byIp[DEDICATED].dedicated, true);
  assert.equal(byIp[SHARED].dedicated, false);
  assert.equal(byIp['192.0.2.20'].is_on_warmup, true);

  const dedicatedOnly = await mg.ips.list({ dedicated: true });
  assert.ok(dedicatedOnly.items.includes(DEDICATED) && !dedicatedOnly.items.includes(SHARED));

  const one = await mg.ips.get(DEDICATED);
  assert.deepEqual(Object.keys(one).sort(), ['dedicated', 'ip', 'rdns']);
  assert.equal(one.ip, DEDICATED);
  await refused(mg.ips.get('198.18.0.1'), 404, /^IP not found$/);
});

test('a domain\'s IPs', async () => {
  const mg = await client();
  assert.deepEqual(await mg.domains.getIps(DOMAIN), [SHARED]);
  const added = await mg.domains.assignIp(DOMAIN, SPARE);
  assert.deepEqual([added.status, added.body], [200, { message: 'success' }]);
  assert.deepEqual(await mg.domains.getIps(DOMAIN), [SHARED, SPARE]);
  const removed = await mg.domains.deleteIp(DOMAIN, SPARE);
  assert.deepEqual([removed.status, removed.body], [200, { message: 'success' }]);
  assert.deepEqual(await mg.domains.getIps(DOMAIN), [SHARED]);
  // Only dedicated IPs can be assigned (REFERENCE 4.2).
  await refused(mg.domains.assignIp(DOMAIN, '198.51.100.2'), 400, /not a dedicated IP/);
  await refused(mg.domains.deleteIp(DOMAIN, SPARE), 404, /not assigned to the domain/);
});

test('domains', async () => {
  const mg = await client();
  const listed = await mg.domains.list();
  assert.deepEqual(listed.map((d) => d.name).sort(),
    ['mail.example.com', 'news.example.com', 'promo.example.com']);
  for (const d of listed) {
    assert.equal(d.state, 'active');
    assert.ok(d.created_at instanceof Date && !Number.isNaN(d.created_at.getTime()));
  }
  assert.deepEqual((await mg.domains.list({ limit: 1, skip: 1 })).length, 1);
  const one = await mg.domains.get('mail.example.com');
  assert.equal(one.id, '64a1f0c2e3b4d5a6b7c8d9e0');
  assert.ok(one.sending_dns_records.length > 0);
  await refused(mg.domains.get('nope.example.com'), 404, /^Domain not found$/);
});

test('DIPPs', async () => {
  const mg = await client();
  const created = await mg.ip_pools.create({
    name: 'js', description: 'Conformance', ips: ['192.0.2.11'],
  });
  assert.equal(created.message, 'success');
  const poolId = created.pool_id;
  assert.match(poolId, OBJECT_ID);
  const listed = await mg.ip_pools.list();
  const [pool] = listed.ip_pools.filter((p) => p.pool_id === poolId);
  assert.deepEqual([pool.name, pool.ips, pool.is_linked], ['js', ['192.0.2.11'], false]);
  const details = (await mg.ip_pools.get(poolId)).details;
  assert.deepEqual([details.name, details.description], ['js', 'Conformance']);

  assert.equal((await mg.ip_pools.update(poolId, { description: 'Renamed' })).message,
    'success');
  assert.equal((await mg.ip_pools.get(poolId)).details.description, 'Renamed');
  // A PATCH that changes nothing is a 400 (REFERENCE 2.5).
  await refused(mg.ip_pools.update(poolId, { description: 'Renamed' }), 400, /no changes to apply/);

  const ipsOf = async () => (await mg.ip_pools.get(poolId)).details.ips.slice().sort();
  started(await mg.ip_pools.addIp(poolId, '192.0.2.12'));
  await eventually(ipsOf, (ips) => ips.includes('192.0.2.12'));
  started(await mg.ip_pools.addIps(poolId, [SPARE, '192.0.2.14']));
  await eventually(ipsOf, (ips) => ips.includes(SPARE) && ips.includes('192.0.2.14'));
  started(await mg.ip_pools.removeIp(poolId, '192.0.2.12'));
  await eventually(ipsOf, (ips) => ips.join() === ['192.0.2.11', SPARE, '192.0.2.14'].sort().join());

  const linked = await mg.ip_pools.linkedDomains(poolId);
  assert.deepEqual(linked.domains, []);
  await refused(mg.ip_pools.get('000000000000000000000000'), 404, /^IP pool not found$/);

  started(await mg.ip_pools.destroy(poolId, { ip: 'shared' }));
  await eventually(() => mg.ip_pools.list(),
    (now) => !now.ip_pools.some((p) => p.pool_id === poolId));
});

test('a domain linked to a DIPP', async () => {
  const mg = await client();
  const domain = 'mail.example.com';
  const { pool_id: poolId } = await mg.ip_pools.create({
    name: 'linked', description: 'Linked', ips: ['192.0.2.11', '192.0.2.12'],
  });
  const linkedNames = async () => (await mg.ip_pools.linkedDomains(poolId)).domains
    .map((d) => d.name);

  await mg.domains.linkIpPool(domain, poolId);
  await eventually(linkedNames, (names) => names.includes(domain));
  const unlinked = await mg.domains.unlinkIpPoll(domain, { ip: DEDICATED });
  assert.equal(unlinked.status, 200);
  await eventually(linkedNames, (names) => names.length === 0);

  await mg.domains.linkIpPool(domain, poolId);
  await eventually(linkedNames, (names) => names.includes(domain));
  const alternative = (await mg.ip_pools.create({
    name: 'alternative', description: 'Alternative', ips: ['192.0.2.14'],
  })).pool_id;
  const moved = await mg.ip_pools.unlinkDomainPool(domain, alternative);
  assert.deepEqual([moved.status, moved.message], [200, 'success']);
  await eventually(linkedNames, (names) => names.length === 0);
  assert.deepEqual((await mg.ip_pools.linkedDomains(alternative)).domains.map((d) => d.name),
    [domain]);
  // No IP of a domain changes while a DIPP is linked to it (REFERENCE 4.3).
  await refused(mg.ip_pools.removeIpFromDomainPool(domain, '192.0.2.14'), 400,
    /DIPP is linked/);
  const gone = await mg.ip_pools.removeDomainPool(domain);
  assert.deepEqual([gone.status, gone.message], [200, 'success']);
  assert.deepEqual((await mg.ip_pools.linkedDomains(alternative)).domains, []);
  assert.deepEqual(await mg.domains.getIps(domain), []);

  await mg.domains.assignIp(DOMAIN, SPARE);
  const withoutIp = await mg.ip_pools.removeIpFromDomainPool(DOMAIN, SPARE);
  assert.deepEqual([withoutIp.status, withoutIp.message], [200, 'success']);
  assert.deepEqual(await mg.domains.getIps(DOMAIN), [SHARED]);
});

test('DIPP delegation', async () => {
  const mg = await client();
  const subaccountId = await newSubaccount(mg, 'delegate');
  const { pool_id: poolId } = await mg.ip_pools.create({
    name: 'shared-out', description: 'Delegated', ips: [SPARE],
  });
  assert.equal((await mg.ip_pools.delegate(poolId, subaccountId)).message, 'success');
  await refused(mg.ip_pools.delegate(poolId, 'nope'), 404, /^Not Found$/);
  // What the subaccount sees: the SDK sends X-Mailgun-On-Behalf-Of until reset.
  mg.setSubaccount(subaccountId);
  const seen = await mg.ip_pools.list();
  mg.resetSubaccount();
  assert.deepEqual(seen.ip_pools.map((p) => [p.pool_id, p.is_inherited]), [[poolId, true]]);
  assert.equal((await mg.ip_pools.revokeDelegation(poolId, subaccountId)).message, 'success');
  await mg.subaccounts.destroy(subaccountId);
});

test('domain webhooks', async () => {
  const mg = await client();
  const created = await mg.webhooks.create(DOMAIN, 'clicked', 'https://a.example/hook');
  assert.deepEqual({ ...created }, {
    id: 'clicked', url: 'https://a.example/hook', urls: ['https://a.example/hook'],
  });
  assert.deepEqual(await mg.webhooks.list(DOMAIN, {}),
    { clicked: { urls: ['https://a.example/hook'] } });
  assert.deepEqual((await mg.webhooks.get(DOMAIN, 'clicked')).urls, ['https://a.example/hook']);
  // A create on an event that has URLs is a 400 (REFERENCE 7.2).
  await refused(mg.webhooks.create(DOMAIN, 'clicked', 'https://b.example/hook'), 400,
    /already exists/);

  const urls = ['https://b.example/hook', 'https://c.example/hook'];
  assert.deepEqual((await mg.webhooks.update(DOMAIN, 'clicked', urls)).urls, urls);
  assert.deepEqual((await mg.webhooks.get(DOMAIN, 'clicked')).urls, urls);
  // Mailgun answers a bad URL as {"Reason": ...}; the SDK keeps only a body's `message`.
  await refused(mg.webhooks.update(DOMAIN, 'clicked', 'ftp://x'), 400, /^$/);

  assert.deepEqual((await mg.webhooks.destroy(DOMAIN, 'clicked')).urls, urls);
  await refused(mg.webhooks.get(DOMAIN, 'clicked'), 404, /^Webhook not found$/);
});

test('subaccounts', async () => {
  const mg = await client();
  const ids = [];
  for (const name of ['Acme', 'Beta', 'Gamma']) ids.push(await newSubaccount(mg, name));
  const one = (await mg.subaccounts.get(ids[0])).subaccount;
  assert.deepEqual([one.id, one.name, one.status], [ids[0], 'Acme', 'open']);
  assert.ok(one.created_at instanceof Date && !Number.isNaN(one.created_at.getTime()));
  await refused(mg.subaccounts.get('nope'), 404, /^Not Found$/);

  const page = await mg.subaccounts.list({ limit: 2, skip: 1 });
  assert.equal(page.total, 3);
  assert.deepEqual(page.subaccounts.map((s) => s.name), ['Beta', 'Gamma']);

  assert.equal((await mg.subaccounts.disable(ids[1])).subaccount.status, 'disabled');
  assert.equal((await mg.subaccounts.get(ids[1])).subaccount.status, 'disabled');
  await refused(mg.subaccounts.disable(ids[1]), 400, /./);
  assert.equal((await mg.subaccounts.enable(ids[1])).subaccount.status, 'open');

  assert.deepEqual(await mg.subaccounts.setMonthlySendingLimit(ids[0], 1000), { success: true });
  const limit = await mg.subaccounts.getMonthlySendingLimit(ids[0]);
  assert.deepEqual([limit.limit, limit.current], [1000, 0]);
  assert.deepEqual(await mg.subaccounts.setMonthlySendingLimit(ids[0], 5000), { success: true });
  assert.equal((await mg.subaccounts.getMonthlySendingLimit(ids[0])).limit, 5000);

  const features = await mg.subaccounts.updateSubaccountFeature(ids[0],
    { sending: false, validations: true });
  assert.deepEqual(features.features.sending, { enabled: false });
  assert.deepEqual(features.features.validations, { enabled: true });

  for (const id of ids) {
    assert.deepEqual(await mg.subaccounts.destroy(id),
      { message: 'Subaccount successfully deleted' });
  }
  assert.equal((await mg.subaccounts.list()).total, 0);
  await refused(mg.subaccounts.get(ids[0]), 404, /^Not Found$/);
});

test('API keys', async () => {
  const mg = await client();
  const before = await mg.apiKeys.list({});
  assert.equal(before.items[0].role, 'admin');
  const { key } = await mg.apiKeys.create({ role: 'basic', description: 'Conformance' });
  assert.deepEqual([key.role, key.kind, key.description], ['basic', 'user', 'Conformance']);
  assert.ok(key.secret.length > 0);
  const listed = await mg.apiKeys.list({});
  const [again] = listed.items.filter((k) => k.id === key.id);
  assert.equal(again.description, 'Conformance');
  assert.ok(!('secret' in again), 'a listed key carries its secret');
  await mg.apiKeys.destroy(key.id);
  assert.deepEqual((await mg.apiKeys.list({})).items.map((k) => k.id),
    before.items.map((k) => k.id));
  await refused(mg.apiKeys.create({ role: 'owner' }), 400, /expected `role` param/);
});

test('the webhook signing key', async () => {
  const mg = await client();
  const first = (await mg.accountManagement.getWebhookSigningKey()).http_signing_key;
  assert.match(first, /^key-[0-9a-f]{32}$/);
  const made = await mg.accountManagement.createWebhookSigningKey();
  assert.notEqual(made.http_signing_key, first);
  assert.equal((await mg.accountManagement.getWebhookSigningKey()).http_signing_key,
    made.http_signing_key);
});

test('the account\'s monthly limit', async () => {
  const mg = await client();
  await refused(mg.customMessageLimit.get(), 404, /^No threshold for account$/);
  assert.deepEqual(await mg.customMessageLimit.set(25000), { success: true });
  const limit = await mg.customMessageLimit.get();
  assert.deepEqual([limit.limit, limit.current, limit.period], [25000, 0, '1m']);
  assert.deepEqual(await mg.customMessageLimit.set(5000), { success: true });
  assert.equal((await mg.customMessageLimit.get()).limit, 5000);
  await refused(mg.customMessageLimit.set(999), 400, /minumum is 1000/);
  // The emulator sends no mail, so no account is ever disabled for reaching its limit.
  await refused(mg.customMessageLimit.enable(), 400, /^Unable to re-enable account/);
  assert.deepEqual(await mg.customMessageLimit.destroy(), { success: true });
  await refused(mg.customMessageLimit.get(), 404, /^No threshold for account$/);
  await refused(mg.customMessageLimit.destroy(), 400, /^Could not delete threshold/);
});
