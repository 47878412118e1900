package server

import (
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"gendan/models"
	"gendan/models/testdb"
	"gendan/ratelimit"
)

// createLinkAs makes a link on the fixture order and returns its token and id.
func (e *env) createLinkAs(who string, body map[string]any) (token string, id int64) {
	e.t.Helper()
	r := e.as(who, "POST", fmt.Sprintf("/api/v1/orders/%d/links", e.fixtureOrder()), body)
	if r.status != 201 {
		e.t.Fatalf("create link: %d %s", r.status, r.body)
	}
	m := r.json(e.t)
	return m["token"].(string), num(m["link"].(map[string]any), "id")
}

func (e *env) publicStatus(token string, headers map[string]string) *response {
	e.t.Helper()
	return e.do(req{method: "GET", path: "/api/v1/public/status/" + token, headers: headers})
}

func linkURL(suffix string) func(*env) string {
	return func(e *env) string { return fmt.Sprintf("/api/v1/orders/%d/links%s", e.fixtureOrder(), suffix) }
}

func init() {
	authzMatrix = append(authzMatrix,
		authzRow{method: "GET", path: "/api/v1/orders/:id/links", url: linkURL(""), want: staffGets(200)},
		authzRow{method: "POST", path: "/api/v1/orders/:id/links", url: linkURL(""),
			body: func(int64) any { return map[string]any{"recipient_name": "Ann"} }, want: staffGets(201)},
		authzRow{method: "DELETE", path: "/api/v1/orders/:id/links/:link_id", url: func(e *env) string {
			_, id := e.createLinkAs("merch", nil)
			return fmt.Sprintf("/api/v1/orders/%d/links/%d", e.fixtureOrder(), id)
		}, want: staffGets(200)},
		// The token is the key: anyone holding it reads, whoever they are.
		authzRow{method: "GET", path: "/api/v1/public/status/:token", url: func(e *env) string {
			tok, _ := e.createLinkAs("merch", nil)
			return "/api/v1/public/status/" + tok
		}, want: all(200)},
		authzRow{method: "GET", path: "/api/v1/public/status/:token/photos/:photo_id", url: func(e *env) string {
			tok, _ := e.createLinkAs("merch", nil)
			return fmt.Sprintf("/api/v1/public/status/%s/photos/%d?size=thumb", tok, e.approvedPhoto())
		}, want: all(200)},
	)
}

// approvedPhoto is the photo of an approved proto round of the fixture order.
func (e *env) approvedPhoto() int64 {
	e.t.Helper()
	id, photo := e.pendingSample("proto")
	if r := e.as("merch", "POST", fmt.Sprintf("/api/v1/samples/%d/approve", id), map[string]any{}); r.status != 200 {
		e.t.Fatalf("approve: %d %s", r.status, r.body)
	}
	return photo
}

func checkPublicHeaders(t *testing.T, what string, r *response) {
	t.Helper()
	for k, v := range map[string]string{"Cache-Control": "no-store", "Referrer-Policy": "no-referrer", "X-Robots-Tag": "noindex"} {
		if got := r.header.Get(k); got != v {
			t.Errorf("%s: %s = %q, want %q", what, k, got, v)
		}
	}
}

func TestStatusLinkLifecycle(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		e := newEnv(t, db)
		oid := e.fixtureOrder()
		base := fmt.Sprintf("/api/v1/orders/%d/links", oid)

		// Bad input is refused field by field, and nothing is written.
		bad := e.as("merch", "POST", base, map[string]any{"recipient_email": "not-mail", "expires_in_days": 366,
			"language": "fr", "sections": []string{"progress", "prices"}, "recipient_name": strings.Repeat("名", 101)})
		if bad.status != 422 {
			t.Fatalf("bad link: %d %s", bad.status, bad.body)
		}
		for field, code := range map[string]string{"recipient_email": "invalid_email", "expires_in_days": "out_of_range",
			"language": "one_of", "sections": "one_of", "recipient_name": "too_long"} {
			if got := bad.fieldCode(t, field); got != code {
				t.Errorf("%s: code %q, want %q", field, got, code)
			}
		}
		if r := e.as("merch", "POST", base, map[string]any{"sections": []string{}}); r.fieldCode(t, "sections") != "required" {
			t.Errorf("no sections: %d %s", r.status, r.body)
		}
		if r := e.as("merch", "POST", "/api/v1/orders/999999/links", map[string]any{}); r.status != 404 {
			t.Errorf("link to a missing order: %d", r.status)
		}
		var n int64
		e.store.Gorm().Table("status_links").Count(&n)
		if n != 0 {
			t.Fatalf("%d links written by refused requests", n)
		}

		// Defaults: 90 days, every section, the customer's language (its
		// locale is empty here: English).
		r := e.as("merch", "POST", base, map[string]any{"recipient_name": "Ann Lee", "recipient_email": "ann@northwind.example"})
		if r.status != 201 || r.header.Get("Cache-Control") != "no-store" {
			t.Fatalf("create: %d %v %s", r.status, r.header, r.body)
		}
		m := r.json(t)
		token := m["token"].(string)
		link := m["link"].(map[string]any)
		if len(token) != 43 || !models.PlausibleLinkToken(token) || !strings.HasSuffix(m["url"].(string), "/s/"+token) {
			t.Fatalf("token %q, url %q", token, m["url"])
		}
		wantExp := e.clock.Now().UTC().AddDate(0, 0, 90).Format(time.RFC3339)
		if link["status"] != "active" || link["expires_at"] != wantExp || link["language"] != "en" ||
			fmt.Sprint(link["sections"]) != "[progress samples inspections shipments]" || link["show_email"] != true ||
			link["show_phone"] != false || fmt.Sprint(link["actions"]) != "[revoke]" {
			t.Errorf("link: %v (want expiry %s)", link, wantExp)
		}
		// Only the hash is kept: no column of any link row holds the token.
		var rows []map[string]any
		e.store.Gorm().Table("status_links").Find(&rows)
		for _, row := range rows {
			for col, v := range row {
				if strings.Contains(fmt.Sprint(v), token) {
					t.Errorf("status_links.%s holds the token", col)
				}
			}
			if row["token_hash"] != models.HashLinkToken(token) {
				t.Errorf("token_hash %v is not the token's SHA-256", row["token_hash"])
			}
		}
		// The list never shows a token.
		list := e.as("merch", "GET", base, nil)
		if list.status != 200 || strings.Contains(string(list.body), token) || strings.Contains(string(list.body), `"token"`) {
			t.Fatalf("list: %d %s", list.status, list.body)
		}

		// The customer reads it, in the link's language or another.
		pub := e.publicStatus(token, nil)
		if pub.status != 200 {
			t.Fatalf("public: %d %s", pub.status, pub.body)
		}
		checkPublicHeaders(t, "public 200", pub)
		ms, _ := e.store.ListMilestones(context.Background(), oid)
		var ps models.PublicStatus
		if err := json.Unmarshal(pub.body, &ps); err != nil {
			t.Fatal(err)
		}
		o, _ := e.store.GetOrder(context.Background(), oid, models.Scope{})
		wantState := map[string]string{"on_track": "on_track", "at_risk": "needs_attention", "late": "delayed"}[o.RiskLevel]
		if ps.Progress == nil || len(*ps.Progress) != len(ms) || ps.Customer != "Northwind 测试客户" || ps.Status != wantState {
			t.Fatalf("public status: %+v", ps)
		}
		if (*ps.Progress)[0].Name != ms[0].NameEn || ps.Contact.Email == nil || *ps.Contact.Email != "merch@test.example" ||
			ps.Contact.Phone != nil || ps.Contact.Name != e.users["merch"].Name {
			t.Errorf("English names and the merchandiser's e-mail only: %+v %+v", (*ps.Progress)[0], ps.Contact)
		}
		zh := e.do(req{method: "GET", path: "/api/v1/public/status/" + token + "?lang=zh-CN"})
		if !strings.Contains(string(zh.body), `"name":"`+ms[0].Name+`"`) {
			t.Errorf("zh-CN names: %s", zh.body)
		}
		if r := e.do(req{method: "GET", path: "/api/v1/public/status/" + token + "?lang=fr"}); r.fieldCode(t, "lang") != "one_of" {
			t.Errorf("lang=fr: %d %s", r.status, r.body)
		}
		// Views are counted (flushed here; the worker does it every few seconds).
		e.srv.FlushLinkViews(context.Background())
		var saved models.StatusLink
		e.store.Gorm().First(&saved, num(link, "id"))
		if saved.ViewCount != 2 || saved.LastViewedAt == nil {
			t.Errorf("views: %d, last %v", saved.ViewCount, saved.LastViewedAt)
		}

		// Other methods are 405; unknown tokens 404, with the same headers.
		for _, method := range []string{"POST", "PUT", "DELETE", "PATCH"} {
			r := e.do(req{method: method, path: "/api/v1/public/status/" + token})
			if r.status != 405 {
				t.Errorf("%s public: %d", method, r.status)
			}
			checkPublicHeaders(t, method, r)
		}
		unknown, _, _ := models.NewLinkToken()
		for _, tok := range []string{unknown, "short", strings.Repeat("a", 43) + "!"} {
			r := e.publicStatus(tok, nil)
			if r.status != 404 || r.errorCode(t) != "not_found" {
				t.Errorf("unknown %q: %d %s", tok, r.status, r.body)
			}
			checkPublicHeaders(t, "404", r)
		}

		// Revocation takes effect on the next request, photos included.
		photo := e.approvedPhoto()
		purl := fmt.Sprintf("/api/v1/public/status/%s/photos/%d?size=thumb", token, photo)
		if r := e.do(req{method: "GET", path: purl}); r.status != 200 || r.header.Get("Content-Type") != "image/jpeg" {
			t.Fatalf("photo before revoking: %d %s", r.status, r.body)
		}
		other := e.draftOrder()
		if r := e.as("merch", "DELETE", fmt.Sprintf("/api/v1/orders/%d/links/%d", other, num(link, "id")), nil); r.status != 404 {
			t.Errorf("revoke through another order: %d", r.status)
		}
		rv := e.as("merch", "DELETE", fmt.Sprintf("%s/%d", base, num(link, "id")), nil)
		rl := rv.json(t)["link"].(map[string]any)
		if rv.status != 200 || rl["status"] != "revoked" || rl["revoked_at"] == nil || fmt.Sprint(rl["actions"]) != "[]" {
			t.Fatalf("revoke: %d %s", rv.status, rv.body)
		}
		for _, path := range []string{"/api/v1/public/status/" + token, purl} {
			r := e.do(req{method: "GET", path: path})
			if r.status != 410 || r.errorCode(t) != "link_expired" {
				t.Errorf("%s after revoking: %d %s", path, r.status, r.body)
			}
			checkPublicHeaders(t, "410", r)
		}
		if r := e.as("merch", "DELETE", fmt.Sprintf("%s/%d", base, num(link, "id")), nil); r.status != 409 || r.errorCode(t) != "link_not_active" {
			t.Errorf("revoke twice: %d %s", r.status, r.body)
		}

		// Expiry follows the clock.
		short, sid := e.createLinkAs("merch", map[string]any{"expires_in_days": 1, "language": "zh-CN", "sections": []string{"progress"}})
		if r := e.publicStatus(short, nil); r.status != 200 {
			t.Fatalf("short link: %d", r.status)
		}
		e.clock.Advance(24*time.Hour - time.Second)
		if r := e.publicStatus(short, nil); r.status != 200 {
			t.Errorf("a second before expiry: %d", r.status)
		}
		e.clock.Advance(time.Second)
		if r := e.publicStatus(short, nil); r.status != 410 || r.errorCode(t) != "link_expired" {
			t.Errorf("at expiry: %d %s", r.status, r.body)
		}
		list = e.as("merch", "GET", base, nil)
		items := list.json(t)["items"].([]any)
		if len(items) != 2 || num(items[0].(map[string]any), "id") != sid || items[0].(map[string]any)["status"] != "expired" ||
			items[1].(map[string]any)["status"] != "revoked" {
			t.Errorf("list after expiry: %s", list.body)
		}
		if r := e.as("merch", "DELETE", fmt.Sprintf("%s/%d", base, sid), nil); r.status != 409 {
			t.Errorf("revoke an expired link: %d", r.status)
		}
	})
}

// keysOf lists the JSON keys of a value at every depth, as paths.
func keysOf(prefix string, v any, out map[string]bool) {
	switch x := v.(type) {
	case map[string]any:
		for k, c := range x {
			out[prefix+k] = true
			keysOf(prefix+k+".", c, out)
		}
	case []any:
		for _, c := range x {
			keysOf(strings.TrimSuffix(prefix, ".")+"[].", c, out)
		}
	}
}

// TestPublicStatusAllowlist: for an order with a price, internal notes, a
// comment, a rejected sample, a final inspection and a shipment, the public
// answer's keys are exactly the documented set and none of the internal
// values appear in it.
func TestPublicStatusAllowlist(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		e := newEnv(t, db)
		oid := e.fixtureOrder()
		ctx := context.Background()
		if r := e.as("factory", "POST", fmt.Sprintf("/api/v1/orders/%d/comments", oid), map[string]any{"body": "factory-only remark 42"}); r.status != 201 {
			t.Fatalf("comment: %d %s", r.status, r.body)
		}
		rejected, rejectedPhoto := e.pendingSample("fit")
		if r := e.as("merch", "POST", fmt.Sprintf("/api/v1/samples/%d/reject", rejected), map[string]any{"comment": "seam puckering reject-reason"}); r.status != 200 {
			t.Fatalf("reject: %d %s", r.status, r.body)
		}
		approved := e.approvedPhoto()
		in := e.confirmedInspection("fri")
		qc := e.users["qc"]
		if _, err := e.store.CompleteInspection(ctx, in.ID, models.CompleteInput{CartonsOpened: 4},
			models.Inspector{UserID: qc.ID, Role: qc.Role}, models.Scope{}); err != nil {
			t.Fatal(err)
		}
		w := e.warehouse(100)
		d := e.bookDeliveryAs("merch", oid, w, e.openDay(w, 2), 10)
		rs := []models.PackingRange{{From: 1, To: 1, Colour: "Navy 藏青", Size: "M", Pieces: 10, NetKg: 5, GrossKg: 6}}
		if _, err := e.store.ShipDelivery(ctx, d.ID, models.ShipInput{Date: e.today(), Carrier: "COSCO", TrackingNo: "COSU123", Packing: &rs},
			actorOf(e.users["factory"]), models.Scope{}); err != nil {
			t.Fatal(err)
		}
		token, _ := e.createLinkAs("merch", map[string]any{"show_phone": true})
		r := e.publicStatus(token, nil)
		if r.status != 200 {
			t.Fatalf("public: %d %s", r.status, r.body)
		}
		got := map[string]bool{}
		keysOf("", r.json(t), got)
		want := []string{"language", "po_number", "style_no", "style_name", "customer", "total_quantity", "unit",
			"ex_factory_date", "status", "updated_at", "expires_at",
			"contact", "contact.name", "contact.email", "contact.phone",
			"progress", "progress[].code", "progress[].name", "progress[].planned_date", "progress[].actual_date",
			"progress[].percent", "progress[].state",
			"samples", "samples[].type", "samples[].type_name", "samples[].round", "samples[].approved_on",
			"samples[].photos", "samples[].photos[].thumb", "samples[].photos[].preview",
			"inspection", "inspection.type", "inspection.result", "inspection.date",
			"shipments", "shipments[].shipped_date", "shipments[].quantity", "shipments[].carrier",
			"shipments[].tracking_no", "shipments[].received_date"}
		if keys := slices.Sorted(maps.Keys(got)); !slices.Equal(keys, slices.Sorted(slices.Values(want))) {
			t.Errorf("public keys:\n got %v\nwant %v", keys, slices.Sorted(slices.Values(want)))
		}
		body := string(r.body)
		for _, secret := range []string{"12.5", "USD", "secret margin note", "factory-only remark 42", "seam puckering",
			e.users["factory"].Name, e.users["qc"].Name, e.suppliers["jinling"].Name, e.suppliers["jinling"].Code,
			fmt.Sprintf("/photos/%d?", rejectedPhoto), `"type":"fit"`} {
			if strings.Contains(body, secret) {
				t.Errorf("the public answer contains %q: %s", secret, body)
			}
		}
		var ps models.PublicStatus
		json.Unmarshal(r.body, &ps)
		if len(*ps.Samples) != 1 || len((*ps.Samples)[0].Photos) != 1 ||
			!strings.Contains((*ps.Samples)[0].Photos[0].Thumb, fmt.Sprintf("/api/v1/public/status/%s/photos/%d", token, approved)) {
			t.Errorf("approved samples only, with token-scoped photos: %+v", ps.Samples)
		}
		var insp models.PublicInspection
		json.Unmarshal(ps.Inspection, &insp)
		if insp.Type != "final" || insp.Result == "" || insp.Date == "" {
			t.Errorf("final inspection: %s", ps.Inspection)
		}
		if len(*ps.Shipments) != 1 || (*ps.Shipments)[0].Carrier != "COSCO" || (*ps.Shipments)[0].Quantity != 10 {
			t.Errorf("shipments: %+v", ps.Shipments)
		}
		if ps.Contact.Phone == nil || *ps.Contact.Phone != "13800000001" {
			t.Errorf("the merchandiser chose to show a phone: %+v", ps.Contact)
		}
		// A rejected round's photo is not served under the token either.
		if r := e.do(req{method: "GET", path: fmt.Sprintf("/api/v1/public/status/%s/photos/%d", token, rejectedPhoto)}); r.status != 404 {
			t.Errorf("rejected sample photo: %d", r.status)
		}
		// A link without sections shows none of them, nor their photos.
		only, _ := e.createLinkAs("merch", map[string]any{"sections": []string{"shipments"}})
		r = e.publicStatus(only, nil)
		m := r.json(t)
		for _, k := range []string{"progress", "samples", "inspection"} {
			if _, ok := m[k]; ok {
				t.Errorf("a shipments-only link shows %s", k)
			}
		}
		if _, ok := m["shipments"]; !ok {
			t.Error("a shipments-only link hides its shipments")
		}
		if r := e.do(req{method: "GET", path: fmt.Sprintf("/api/v1/public/status/%s/photos/%d", only, approved)}); r.status != 404 {
			t.Errorf("photo through a link without samples: %d", r.status)
		}
	})
}

// TestPublicStatusRateLimits: two nodes share one link's count; unknown
// tokens from one IP are refused past the limit, with Retry-After, while
// another IP (and known links from it) go on.
func TestPublicStatusRateLimits(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		limits := LinkLimits{PerLink: 6, PerLinkWindow: time.Minute, MissesPerIP: 3, MissWindow: 10 * time.Minute}
		var limA *ratelimit.Limiter
		e := newEnv(t, db, func(o *Options) {
			limA = ratelimit.New(db.Gorm, ratelimit.Options{Now: o.Clock.Now})
			o.Limiter, o.LinkLimits, o.TrustedProxies = limA, limits, []string{"0.0.0.0"}
		})
		// Node B: another server on the same database, with its own limiter.
		limB := ratelimit.New(db.Gorm, ratelimit.Options{Now: e.clock.Now})
		b := &env{t: t, db: db, store: e.store, clock: e.clock, users: e.users, suppliers: e.suppliers,
			srv: New(Options{Store: e.store, DB: db, Tokens: e.srv.tokens, Clock: e.clock, Bucket: e.bucket,
				Limiter: limB, LinkLimits: limits, TrustedProxies: []string{"0.0.0.0"}})}
		// Start each test on a fresh minute so the windows do not roll over mid-test.
		now := e.clock.Now()
		e.clock.Advance(now.Truncate(time.Minute).Add(time.Minute).Sub(now))
		token, _ := e.createLinkAs("merch", nil)
		ctx := context.Background()
		ip := func(a string) map[string]string { return map[string]string{"X-Forwarded-For": a} }
		for i := range 3 {
			if r := e.publicStatus(token, ip(fmt.Sprintf("198.51.100.%d", i))); r.status != 200 {
				t.Fatalf("node A view %d: %d", i, r.status)
			}
			if r := b.publicStatus(token, ip(fmt.Sprintf("203.0.113.%d", i))); r.status != 200 {
				t.Fatalf("node B view %d: %d", i, r.status)
			}
		}
		for _, l := range []*ratelimit.Limiter{limA, limB, limA} {
			if err := l.Sync(ctx); err != nil {
				t.Fatal(err)
			}
		}
		// Six views between the nodes (from six IPs): the seventh is refused on either.
		for _, n := range []*env{e, b} {
			r := n.publicStatus(token, ip("192.0.2.77"))
			ra, _ := strconv.Atoi(r.header.Get("Retry-After"))
			if r.status != 429 || r.errorCode(t) != "rate_limited" || ra < 1 || ra > 60 {
				t.Errorf("the 7th view: %d %s, Retry-After %q", r.status, r.body, r.header.Get("Retry-After"))
			}
			checkPublicHeaders(t, "429", r)
		}
		e.clock.Advance(time.Minute)
		if r := b.publicStatus(token, ip("192.0.2.77")); r.status != 200 {
			t.Errorf("the next minute: %d", r.status)
		}

		// Unknown tokens: three misses from one IP, then that IP is refused
		// even for a real link; another IP is not.
		other, _ := e.createLinkAs("merch", nil)
		for i := range 3 {
			guess, _, _ := models.NewLinkToken()
			if r := e.publicStatus(guess, ip("192.0.2.9")); r.status != 404 {
				t.Fatalf("miss %d: %d", i, r.status)
			}
		}
		r := e.publicStatus(other, ip("192.0.2.9"))
		ra, _ := strconv.Atoi(r.header.Get("Retry-After"))
		if r.status != 429 || ra < 60 || ra > 600 {
			t.Errorf("after 3 misses: %d, Retry-After %q", r.status, r.header.Get("Retry-After"))
		}
		if r := e.publicStatus(other, ip("192.0.2.10")); r.status != 200 {
			t.Errorf("another IP: %d", r.status)
		}
		// Node B counts the IP's misses with node A's once it has seen one
		// itself: its first miss is answered, and after a sync it refuses.
		guess, _, _ := models.NewLinkToken()
		if r := b.publicStatus(guess, ip("192.0.2.9")); r.status != 404 {
			t.Errorf("node B's first miss from the IP: %d", r.status)
		}
		limA.Sync(ctx)
		limB.Sync(ctx)
		if r := b.publicStatus(other, ip("192.0.2.9")); r.status != 429 {
			t.Errorf("node B after sync: %d", r.status)
		}
		e.clock.Advance(10 * time.Minute)
		if r := e.publicStatus(other, ip("192.0.2.9")); r.status != 200 {
			t.Errorf("after the miss window: %d", r.status)
		}
	})
}

// TestLinkTokens: 10⁶ tokens are distinct, 43 base64url characters, and
// their hashes are distinct too.
func TestLinkTokens(t *testing.T) {
	t.Parallel() // about 10 s under -race: beside the rest of the package, not after it
	const n = 1_000_000
	seen := make(map[string]struct{}, n)
	hashes := make(map[string]struct{}, 1000)
	for i := range n {
		tok, hash, err := models.NewLinkToken()
		if err != nil {
			t.Fatal(err)
		}
		if !models.PlausibleLinkToken(tok) {
			t.Fatalf("token %q is not 43 base64url characters", tok)
		}
		if _, dup := seen[tok]; dup {
			t.Fatalf("token %d repeats an earlier one", i)
		}
		seen[tok] = struct{}{}
		if i < 1000 {
			if hash == tok || len(hash) != 64 || hash != models.HashLinkToken(tok) {
				t.Fatalf("hash %q of %q", hash, tok)
			}
			hashes[hash] = struct{}{}
		}
	}
	if len(hashes) != 1000 {
		t.Errorf("%d distinct hashes of 1000 tokens", len(hashes))
	}
}

func TestLogPathRedactsTokens(t *testing.T) {
	tok, _, _ := models.NewLinkToken()
	for in, want := range map[string]string{
		"/s/" + tok:                                  "/s/…",
		"/api/v1/public/status/" + tok:               "/api/v1/public/status/…",
		"/api/v1/public/status/" + tok + "/photos/4": "/api/v1/public/status/…/photos/4",
		"/api/v1/orders/3/links":                     "/api/v1/orders/3/links",
		"/assets/app.js":                             "/assets/app.js",
	} {
		if got := logPath(in); got != want {
			t.Errorf("logPath(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestRevocationReachesOtherNodes: the node that revokes refuses the next
// request; another node refuses within linkRecheck (it trusts a link row
// it read for that long).
func TestRevocationReachesOtherNodes(t *testing.T) {
	db := testdb.SQLite(t)
	e := newEnv(t, db)
	b := &env{t: t, db: db, store: e.store, clock: e.clock, users: e.users, suppliers: e.suppliers,
		srv: New(Options{Store: e.store, DB: db, Tokens: e.srv.tokens, Clock: e.clock, Bucket: e.bucket})}
	token, id := e.createLinkAs("merch", nil)
	if r := b.publicStatus(token, nil); r.status != 200 {
		t.Fatalf("node B before: %d", r.status)
	}
	if r := e.publicStatus(token, nil); r.status != 200 {
		t.Fatalf("node A before: %d", r.status)
	}
	if r := e.as("merch", "DELETE", fmt.Sprintf("/api/v1/orders/%d/links/%d", e.fixtureOrder(), id), nil); r.status != 200 {
		t.Fatalf("revoke: %d", r.status)
	}
	if r := e.publicStatus(token, nil); r.status != 410 {
		t.Errorf("node A, next request: %d", r.status)
	}
	time.Sleep(linkRecheck)
	if r := b.publicStatus(token, nil); r.status != 410 {
		t.Errorf("node B after %v: %d", linkRecheck, r.status)
	}
}

// TestLinkCacheIsBounded: a full cache map drops its stale entries first,
// then everything, so a flood of links cannot grow a node's memory.
func TestLinkCacheIsBounded(t *testing.T) {
	now := time.Now()
	m := map[int]time.Time{}
	for i := range linkCacheMax {
		at := now
		if i%2 == 0 {
			at = now.Add(-time.Minute)
		}
		m[i] = at
	}
	at := func(v time.Time) time.Time { return v }
	makeRoom(m, now, time.Second, at)
	if len(m) != linkCacheMax/2 {
		t.Fatalf("after dropping the stale half: %d entries", len(m))
	}
	for i := range linkCacheMax {
		m[linkCacheMax+i] = now
	}
	makeRoom(m, now, time.Second, at)
	if len(m) != 0 {
		t.Fatalf("a map full of fresh entries is cleared, not kept: %d", len(m))
	}
	makeRoom(m, now, time.Second, at) // an empty map is left alone
}
