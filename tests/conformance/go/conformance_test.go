// Mailgun's official Go SDK (github.com/mailgun/mailgun-go/v5) against the emulator: every
// SDK call for the APIs the emulator serves, each answer decoded by the SDK's own types.
//
// tests/conformance/test_go_client.py runs this with MG_URL and MG_API_KEY set (the
// variables the SDK's NewMailgunFromEnv reads) to an emulator on loopback, seeded with
// extra warmups and domains so that every list spans several pages. Without them the
// tests skip; they refuse any host but loopback, so they never reach real Mailgun.
//
// v5.17.0 has no calls for DIPPs, dynamic IP pools, account webhooks, deleting a
// subaccount, subaccount features or limits, DIPP delegation, the IP allowance or the
// account's monthly limit: the Python package's and JS SDK's tests cover those they can
// reach. Its RegeneratePublicAPIKey (POST /v1/keys/public, the public validation key) is
// of an API the emulator does not serve.
package conformance

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/url"
	"os"
	"slices"
	"sort"
	"testing"
	"time"

	"github.com/mailgun/mailgun-go/v5"
	"github.com/mailgun/mailgun-go/v5/mtypes"
)

const (
	dedicated = "192.0.2.10"
	spare     = "192.0.2.13" // dedicated, on no domain and in no pool in the seed
	shared    = "198.51.100.1"
	domain    = "news.example.com"
	// An iterator that is still going after this many pages is not going to stop.
	maxPages = 100
)

func client(t *testing.T) *mailgun.Client {
	t.Helper()
	base, key := os.Getenv("MG_URL"), os.Getenv("MG_API_KEY")
	if base == "" || key == "" {
		t.Skip("set MG_URL and MG_API_KEY to an emulator (tests/conformance/test_go_client.py does)")
	}
	parsed, err := url.Parse(base)
	if err != nil || (parsed.Hostname() != "127.0.0.1" && parsed.Hostname() != "localhost") {
		t.Fatalf("MG_URL must be an emulator on loopback, not %q", base)
	}
	mg, err := mailgun.NewMailgunFromEnv()
	if err != nil {
		t.Fatal(err)
	}
	mg.SetHTTPClient(&http.Client{Timeout: 10 * time.Second})
	return mg
}

// emulatorState is the account as the emulator holds it, from its admin API: the ground
// truth the SDK's lists are compared with.
func emulatorState(t *testing.T) map[string]any {
	t.Helper()
	response, err := http.Get(os.Getenv("MG_URL") + "/_emulator/state")
	if err != nil {
		t.Fatal(err)
	}
	defer response.Body.Close()
	var state map[string]any
	if err := json.NewDecoder(response.Body).Decode(&state); err != nil {
		t.Fatal(err)
	}
	return state
}

// refused checks that err is the SDK's error for an answer with this status, and that the
// body is the one-key JSON object Mailgun's errors are.
func refused(t *testing.T, err error, status int, key string) {
	t.Helper()
	var answer *mailgun.UnexpectedResponseError
	if !errors.As(err, &answer) {
		t.Fatalf("want an UnexpectedResponseError %d, got %v", status, err)
	}
	if answer.Actual != status {
		t.Fatalf("want status %d, got %d: %s", status, answer.Actual, answer.Data)
	}
	var body map[string]any
	if err := json.Unmarshal(answer.Data, &body); err != nil {
		t.Fatalf("error body is not JSON: %q", answer.Data)
	}
	if _, found := body[key]; !found || len(body) != 1 {
		t.Fatalf("want a body {%q: ...}, got %s", key, answer.Data)
	}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func TestIPs(t *testing.T) {
	mg, ctx := client(t), context.Background()

	all, err := mg.ListIPs(ctx, false, false)
	must(t, err)
	byIP := map[string]mtypes.IPAddress{}
	for _, ip := range all {
		byIP[ip.IP] = ip
	}
	if !byIP[dedicated].AssignableToPools || byIP[shared].AssignableToPools {
		t.Errorf("assignable_to_pools: want %s and not %s: %+v", dedicated, shared, all)
	}
	if !byIP["192.0.2.20"].IsOnWarmup || byIP[dedicated].IsOnWarmup {
		t.Errorf("is_on_warmup: %+v", all)
	}

	onlyDedicated, err := mg.ListIPs(ctx, true, false)
	must(t, err)
	if slices.ContainsFunc(onlyDedicated, func(ip mtypes.IPAddress) bool { return ip.IP == shared }) {
		t.Errorf("dedicated=true listed the shared IP %s", shared)
	}

	one, err := mg.GetIP(ctx, dedicated)
	must(t, err)
	if one.IP != dedicated || !one.Dedicated || one.RDNS == "" {
		t.Errorf("GetIP: %+v", one)
	}
	_, err = mg.GetIP(ctx, "198.18.0.1") // no IP of the account
	refused(t, err, http.StatusNotFound, "message")
}

func TestDomainIPs(t *testing.T) {
	mg, ctx := client(t), context.Background()

	ips, err := mg.ListDomainIPs(ctx, domain)
	must(t, err)
	if len(ips) != 1 || ips[0].IP != shared {
		t.Fatalf("ListDomainIPs: %+v", ips)
	}
	must(t, mg.AddDomainIP(ctx, domain, spare))
	ips, err = mg.ListDomainIPs(ctx, domain)
	must(t, err)
	if len(ips) != 2 || ips[1].IP != spare {
		t.Fatalf("after AddDomainIP: %+v", ips)
	}
	must(t, mg.DeleteDomainIP(ctx, domain, spare))
	ips, err = mg.ListDomainIPs(ctx, domain)
	must(t, err)
	if len(ips) != 1 {
		t.Fatalf("after DeleteDomainIP: %+v", ips)
	}
	// Only dedicated IPs can be assigned (REFERENCE 4.2).
	refused(t, mg.AddDomainIP(ctx, domain, "198.51.100.2"), http.StatusBadRequest, "message")
	refused(t, mg.DeleteDomainIP(ctx, domain, spare), http.StatusNotFound, "message")
}

func TestIPDomains(t *testing.T) {
	mg, ctx := client(t), context.Background()
	// The wrapper put the seeded paging.example domains on this IP.
	var want []string
	for _, raw := range emulatorState(t)["domains"].([]any) {
		d := raw.(map[string]any)
		if slices.Contains(d["ips"].([]any), any(dedicated)) {
			want = append(want, d["name"].(string))
		}
	}
	if len(want) < 3 {
		t.Fatalf("the emulator was not seeded with domains to page through: %v", want)
	}

	it := mg.ListIPDomains(dedicated, &mailgun.ListIPDomainOptions{Limit: 2})
	var got []string
	var page []mtypes.DomainIPs
	pages := 0
	for it.Next(ctx, &page) {
		if pages++; pages > maxPages {
			t.Fatal("ListIPDomains never ends")
		}
		for _, item := range page {
			if !slices.Contains(item.IPs, dedicated) {
				t.Errorf("%s is listed for %s but sends from %v", item.Domain, dedicated, item.IPs)
			}
			got = append(got, item.Domain)
		}
	}
	must(t, it.Err())
	sort.Strings(got)
	sort.Strings(want)
	if !slices.Equal(got, want) || it.TotalCount != len(want) {
		t.Errorf("ListIPDomains: got %v (total_count %d), want %v", got, it.TotalCount, want)
	}
}

func TestIPWarmups(t *testing.T) {
	mg, ctx := client(t), context.Background()
	want := len(emulatorState(t)["ip_warmups"].([]any))
	if want <= 10 {
		t.Fatalf("want more warmups than one page of 10 (the SDK's), have %d", want)
	}

	// The SDK's iterator stops only at an empty page, reached through each page's next.
	it := mg.ListIPWarmups()
	var page []mtypes.IPWarmup
	seen := map[string]bool{}
	pages := 0
	for it.Next(ctx, &page) {
		if pages++; pages > maxPages {
			t.Fatal("the warmup iterator never ends: a page without next, or a last page that does not lead to an empty one")
		}
		for _, warmup := range page {
			if warmup.StageNumber < 1 || warmup.StageVolumeLimit <= 0 || warmup.StageStartTime.IsZero() {
				t.Errorf("warmup %s: %+v", warmup.IP, warmup)
			}
			seen[warmup.IP] = true
		}
	}
	must(t, it.Err())
	if len(seen) != want {
		t.Errorf("iterated %d warmups over %d pages, the emulator holds %d", len(seen), pages, want)
	}

	details, err := mg.GetIPWarmup(ctx, "192.0.2.20")
	must(t, err)
	if details.StageNumber != 1 || details.TotalStages < 1 || details.StageVolumeLimit <= 0 ||
		details.SentWithinStage == "" {
		t.Errorf("GetIPWarmup: %+v", details)
	}
	for name, moment := range map[string]time.Time{
		"stage_start_time": details.StageStartTime, "stage_started_at": details.StageStartedAt,
		"hour_started_at": details.HourStartedAt, "plan_started_at": details.PlanStartedAt,
		"plan_last_updated_at": details.PlanLastUpdatedAt,
	} {
		if moment.IsZero() {
			t.Errorf("GetIPWarmup: %s is missing", name)
		}
	}

	must(t, mg.CreateIPWarmup(ctx, spare))
	_, err = mg.GetIPWarmup(ctx, spare)
	must(t, err)
	refused(t, mg.CreateIPWarmup(ctx, spare), http.StatusBadRequest, "message")
	must(t, mg.DeleteIPWarmup(ctx, spare))
	_, err = mg.GetIPWarmup(ctx, spare)
	refused(t, err, http.StatusNotFound, "message")
	// The IP must be dedicated and owned by the account (REFERENCE 6).
	refused(t, mg.CreateIPWarmup(ctx, shared), http.StatusBadRequest, "message")
}

func TestDomainWebhooks(t *testing.T) {
	mg, ctx := client(t), context.Background()
	urls := []string{"https://a.example/hook", "https://b.example/hook"}

	must(t, mg.CreateWebhook(ctx, domain, "delivered", urls))
	listed, err := mg.ListWebhooks(ctx, domain)
	must(t, err)
	if !slices.Equal(listed["delivered"], urls) {
		t.Errorf("ListWebhooks: %v", listed)
	}
	got, err := mg.GetWebhook(ctx, domain, "delivered")
	must(t, err)
	if !slices.Equal(got, urls) {
		t.Errorf("GetWebhook: %v", got)
	}
	// A create on an event that has URLs is a 400 (REFERENCE 7.2).
	refused(t, mg.CreateWebhook(ctx, domain, "delivered", urls), http.StatusBadRequest, "message")
	must(t, mg.UpdateWebhook(ctx, domain, "delivered", urls[:1]))
	got, err = mg.GetWebhook(ctx, domain, "delivered")
	must(t, err)
	if !slices.Equal(got, urls[:1]) {
		t.Errorf("after UpdateWebhook: %v", got)
	}
	refused(t, mg.UpdateWebhook(ctx, domain, "delivered", []string{"ftp://x"}),
		http.StatusBadRequest, "Reason")
	must(t, mg.DeleteWebhook(ctx, domain, "delivered"))
	_, err = mg.GetWebhook(ctx, domain, "delivered")
	refused(t, err, http.StatusNotFound, "message")
}

func TestSubaccounts(t *testing.T) {
	mg, ctx := client(t), context.Background()

	var ids []string
	for _, name := range []string{"Acme", "Beta", "Gamma"} {
		created, err := mg.CreateSubaccount(ctx, name)
		must(t, err)
		if created.Item.ID == "" || created.Item.Name != name || created.Item.Status != "open" {
			t.Fatalf("CreateSubaccount: %+v", created)
		}
		ids = append(ids, created.Item.ID)
	}
	one, err := mg.GetSubaccount(ctx, ids[0])
	must(t, err)
	if one.Item.ID != ids[0] || one.Item.Name != "Acme" {
		t.Errorf("GetSubaccount: %+v", one)
	}
	_, err = mg.GetSubaccount(ctx, "nope")
	refused(t, err, http.StatusNotFound, "message")

	it := mg.ListSubaccounts(&mailgun.ListSubaccountsOptions{Limit: 2})
	var page []mtypes.Subaccount
	var names []string
	pages := 0
	for it.Next(ctx, &page) {
		if pages++; pages > maxPages {
			t.Fatal("ListSubaccounts never ends")
		}
		for _, sub := range page {
			names = append(names, sub.Name)
		}
	}
	must(t, it.Err())
	if !slices.Equal(names, []string{"Acme", "Beta", "Gamma"}) || it.Total != 3 {
		t.Errorf("ListSubaccounts: %v (total %d)", names, it.Total)
	}

	disabled, err := mg.DisableSubaccount(ctx, ids[1])
	must(t, err)
	if disabled.Item.Status != "disabled" {
		t.Errorf("DisableSubaccount: %+v", disabled)
	}
	_, err = mg.DisableSubaccount(ctx, ids[1])
	refused(t, err, http.StatusBadRequest, "message")
	enabled, err := mg.EnableSubaccount(ctx, ids[1])
	must(t, err)
	if enabled.Item.Status != "open" {
		t.Errorf("EnableSubaccount: %+v", enabled)
	}
}

func TestDomains(t *testing.T) {
	mg, ctx := client(t), context.Background()
	want := 0
	for _, raw := range emulatorState(t)["domains"].([]any) {
		if raw.(map[string]any)["subaccount_id"] == nil {
			want++
		}
	}

	it := mg.ListDomains(&mailgun.ListDomainsOptions{Limit: 2})
	var page []mtypes.Domain
	seen := map[string]bool{}
	pages := 0
	for it.Next(ctx, &page) {
		if pages++; pages > maxPages {
			t.Fatal("ListDomains never ends")
		}
		for _, d := range page {
			if d.ID == "" || d.State != "active" || d.CreatedAt.IsZero() || d.SMTPLogin == "" {
				t.Errorf("ListDomains item: %+v", d)
			}
			seen[d.Name] = true
		}
	}
	must(t, it.Err())
	if len(seen) != want || it.TotalCount != want {
		t.Errorf("ListDomains: %d domains (total_count %d), want %d", len(seen), it.TotalCount, want)
	}

	byName := "name"
	first := mg.ListDomains(&mailgun.ListDomainsOptions{Limit: 1, Sort: &byName})
	if !first.First(ctx, &page) || len(page) != 1 {
		t.Fatalf("ListDomains sorted: %v %v", page, first.Err())
	}
	if page[0].Name != "mail.example.com" {
		t.Errorf("sorted by name, the first is %s", page[0].Name)
	}

	found, err := mg.GetDomain(ctx, "mail.example.com", nil)
	must(t, err)
	if found.Domain.ID != "64a1f0c2e3b4d5a6b7c8d9e0" || found.Domain.CreatedAt.IsZero() ||
		len(found.SendingDNSRecords) == 0 {
		t.Errorf("GetDomain: %+v", found)
	}
	_, err = mg.GetDomain(ctx, "nope.example.com", nil)
	refused(t, err, http.StatusNotFound, "message")
}

func TestAPIKeys(t *testing.T) {
	mg, ctx := client(t), context.Background()

	before, err := mg.ListAPIKeys(ctx, nil)
	must(t, err)
	if len(before) != 1 || before[0].Role != "admin" || before[0].CreatedAt.IsZero() {
		t.Fatalf("ListAPIKeys: want the account's own admin key, got %+v", before)
	}
	made, err := mg.CreateAPIKey(ctx, "basic", &mailgun.CreateAPIKeyOptions{
		Description: "Conformance", Expiration: 3600})
	must(t, err)
	if made.ID == "" || made.Secret == "" || made.Role != "basic" || made.Kind != "user" ||
		made.Description != "Conformance" || made.ExpiresAt.IsZero() {
		t.Fatalf("CreateAPIKey: %+v", made)
	}
	listed, err := mg.ListAPIKeys(ctx, &mailgun.ListAPIKeysOptions{Kind: "user"})
	must(t, err)
	found := slices.IndexFunc(listed, func(k mtypes.APIKey) bool { return k.ID == made.ID })
	if found < 0 || listed[found].Secret != "" || listed[found].Description != "Conformance" {
		t.Fatalf("ListAPIKeys after create (the secret is answered once): %+v", listed)
	}
	must(t, mg.DeleteAPIKey(ctx, made.ID))
	after, err := mg.ListAPIKeys(ctx, nil)
	must(t, err)
	if len(after) != len(before) {
		t.Errorf("ListAPIKeys after delete: %+v", after)
	}
	refused(t, mg.DeleteAPIKey(ctx, made.ID), http.StatusNotFound, "message")
	_, err = mg.CreateAPIKey(ctx, "owner", nil)
	refused(t, err, http.StatusBadRequest, "message")
}
