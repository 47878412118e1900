package server

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"gendan/models"
	"gendan/models/testdb"
)

func TestIdempotencyConcurrentRetriesHaveOneEffect(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		e := newEnv(t, db)
		tok := e.token("admin")
		body := []byte(`{"code":"IDEM-1","name":"幂等工厂"}`)
		type result struct {
			status int
			body   string
			err    error
		}
		const n = 20
		results := make([]result, n)
		var wg sync.WaitGroup
		for i := 0; i < n; i++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				hr := httptest.NewRequest("POST", "/api/v1/suppliers", bytes.NewReader(body))
				hr.Header.Set("Authorization", "Bearer "+tok)
				hr.Header.Set("Content-Type", "application/json")
				hr.Header.Set("Idempotency-Key", "key-0001")
				res, err := e.srv.App().Test(hr, -1)
				if err != nil {
					results[i].err = err
					return
				}
				b, _ := io.ReadAll(res.Body)
				res.Body.Close()
				results[i] = result{status: res.StatusCode, body: string(b), err: checkResponse(hr, res.StatusCode, res.Header, b)}
			}()
		}
		wg.Wait()
		for i, r := range results {
			if r.err != nil {
				t.Fatalf("request %d: %v", i, r.err)
			}
			if r.status != 201 || r.body != results[0].body {
				t.Errorf("request %d: %d %s; want 201 and the first body %s", i, r.status, r.body, results[0].body)
			}
		}
		var count int64
		db.Gorm.Model(&models.Supplier{}).Where("code = ?", "IDEM-1").Count(&count)
		if count != 1 {
			t.Fatalf("%d suppliers created, want 1", count)
		}

		// The same key with another body is a client error, not a replay.
		r := e.do(req{method: "POST", path: "/api/v1/suppliers", token: tok, body: `{"code":"IDEM-2","name":"别的"}`,
			headers: map[string]string{"Idempotency-Key": "key-0001"}})
		if r.status != 422 || r.errorCode(t) != "idempotency_key_reused" {
			t.Fatalf("reused key: %d %s", r.status, r.body)
		}
		// Keys are per user: another admin-capable user may use the same key.
		// A replay after a restart (a new server on the same database) answers
		// from the stored response.
		e2 := newEnvOn(t, e)
		r = e2.do(req{method: "POST", path: "/api/v1/suppliers", token: tok, body: body,
			headers: map[string]string{"Idempotency-Key": "key-0001"}})
		if r.status != 201 || string(r.body) != results[0].body || r.header.Get("Idempotent-Replayed") != "true" {
			t.Fatalf("replay after restart: %d %s", r.status, r.body)
		}
	})
}

// newEnvOn builds a second server over the same store, as another node or a
// restarted one would be.
func newEnvOn(t *testing.T, e *env) *env {
	tokens, err := NewTokenIssuer(testJWTKey, nil, e.clock)
	if err != nil {
		t.Fatal(err)
	}
	e2 := *e
	e2.t = t
	e2.srv = New(Options{Store: e.store, DB: e.db, Tokens: tokens, Clock: e.clock, IdempotencyWait: 100 * time.Millisecond})
	return &e2
}

func TestIdempotencyInFlightAndErrors(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		e := newEnvOn(t, newEnv(t, db))
		tok := e.token("admin")
		body := `{"code":"FLIGHT","name":"进行中"}`
		// Another node holds the key and has not answered yet.
		hash := requestHash("POST", "/api/v1/suppliers", []byte(body))
		if _, claimed, err := e.store.ClaimIdempotencyKey(context.Background(), e.users["admin"].ID, "k-flight", "POST", "/api/v1/suppliers", hash); err != nil || !claimed {
			t.Fatalf("claim: %v %v", claimed, err)
		}
		r := e.do(req{method: "POST", path: "/api/v1/suppliers", token: tok, body: body, headers: map[string]string{"Idempotency-Key": "k-flight"}})
		if r.status != 409 || r.errorCode(t) != "idempotency_in_flight" {
			t.Fatalf("in flight: %d %s", r.status, r.body)
		}

		// A 4xx answer is stored and replayed as it was.
		bad := `{"code":"??","name":""}`
		h := map[string]string{"Idempotency-Key": "k-bad"}
		r1 := e.do(req{method: "POST", path: "/api/v1/suppliers", token: tok, body: bad, headers: h})
		r2 := e.do(req{method: "POST", path: "/api/v1/suppliers", token: tok, body: bad, headers: h})
		if r1.status != 422 || r2.status != 422 || !bytes.Equal(r1.body, r2.body) || r2.header.Get("Idempotent-Replayed") != "true" {
			t.Fatalf("4xx replay: %d %s / %d %s", r1.status, r1.body, r2.status, r2.body)
		}

		// Keys are per user: the same key from another user is a new request.
		r = e.do(req{method: "PATCH", path: "/api/v1/me", token: e.token("merch"), body: `{"name":"甲"}`, headers: h})
		if r.status != 200 {
			t.Fatalf("same key, other user: %d %s", r.status, r.body)
		}

		// Malformed keys are refused before anything runs.
		r = e.do(req{method: "POST", path: "/api/v1/suppliers", token: tok, body: `{"code":"KEYX","name":"x"}`,
			headers: map[string]string{"Idempotency-Key": "has space"}})
		if r.status != 400 || r.errorCode(t) != "invalid_idempotency_key" {
			t.Fatalf("bad key: %d %s", r.status, r.body)
		}
		if _, err := e.store.GetSupplierByCode(context.Background(), "KEYX"); err == nil {
			t.Fatal("a request with a malformed key ran")
		}

		// Keys expire after 7 days and are purged.
		e.clock.Advance(models.IdempotencyTTL + time.Hour)
		n, err := e.store.PurgeIdempotencyKeys(context.Background())
		if err != nil || n < 2 {
			t.Fatalf("purge: %d %v", n, err)
		}
	})
}

func TestSuppliersAndUsersAPI(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		e := newEnv(t, db)
		// Create, with validation errors listed per field.
		r := e.as("admin", "POST", "/api/v1/suppliers", map[string]any{"code": "x", "name": "", "contact_email": "nope"})
		if r.status != 422 || r.errorCode(t) != "validation_failed" {
			t.Fatalf("invalid supplier: %d %s", r.status, r.body)
		}
		fields := r.json(t)["error"].(map[string]any)["fields"].(map[string]any)
		for _, f := range []string{"code", "name", "contact_email"} {
			if fields[f] == nil {
				t.Errorf("no problem reported for %s: %v", f, fields)
			}
		}
		r = e.as("admin", "POST", "/api/v1/suppliers", map[string]any{"code": "sz-ok", "name": "深圳好工厂", "name_en": "Shenzhen OK"})
		if r.status != 201 {
			t.Fatalf("create: %d %s", r.status, r.body)
		}
		sp := r.json(t)
		if sp["code"] != "SZ-OK" || sp["name"] != "深圳好工厂" {
			t.Fatalf("created %v", sp)
		}
		if r := e.as("admin", "POST", "/api/v1/suppliers", map[string]any{"code": "SZ-OK", "name": "again"}); r.status != 422 {
			t.Fatalf("duplicate code: %d", r.status)
		}
		id := int64(sp["id"].(float64))
		r = e.as("admin", "PATCH", fmt.Sprintf("/api/v1/suppliers/%d", id), map[string]any{"active": false, "address": "广东省深圳市"})
		if r.status != 200 || r.json(t)["active"] != false || r.json(t)["name"] != "深圳好工厂" {
			t.Fatalf("patch: %d %s", r.status, r.body)
		}
		if r := e.as("admin", "PATCH", "/api/v1/suppliers/999999", map[string]any{"address": "x"}); r.status != 404 {
			t.Fatalf("patch missing: %d", r.status)
		}
		if r := e.as("admin", "GET", "/api/v1/suppliers/abc", nil); r.status != 404 {
			t.Fatalf("non-numeric id: %d", r.status)
		}

		// Listing: staff see all, a factory user only its own supplier.
		r = e.as("merch", "GET", "/api/v1/suppliers?limit=2", nil)
		page1 := r.json(t)
		if len(page1["items"].([]any)) != 2 || page1["next_cursor"] == "" {
			t.Fatalf("page 1: %s", r.body)
		}
		r = e.as("merch", "GET", "/api/v1/suppliers?limit=2&cursor="+page1["next_cursor"].(string), nil)
		if items := r.json(t)["items"].([]any); len(items) != 1 || r.json(t)["next_cursor"] != "" {
			t.Fatalf("page 2: %s", r.body)
		}
		if r := e.as("merch", "GET", "/api/v1/suppliers?cursor=garbage", nil); r.status != 422 {
			t.Fatalf("bad cursor: %d", r.status)
		}
		if r := e.as("merch", "GET", "/api/v1/suppliers?limit=0", nil); r.status != 422 {
			t.Fatalf("bad limit: %d", r.status)
		}
		r = e.as("factory", "GET", "/api/v1/suppliers", nil)
		items := r.json(t)["items"].([]any)
		if len(items) != 1 || items[0].(map[string]any)["code"] != "HZ-JL" {
			t.Fatalf("factory sees %s", r.body)
		}

		// Users: factory users need a supplier; the response never shows the hash.
		r = e.as("admin", "POST", "/api/v1/users", map[string]any{"name": "工厂新人", "email": "New@Test.example",
			"password": "a-long-new-passphrase", "role": "factory"})
		if r.status != 422 || r.json(t)["error"].(map[string]any)["fields"].(map[string]any)["supplier_id"] == nil {
			t.Fatalf("factory without supplier: %d %s", r.status, r.body)
		}
		r = e.as("admin", "POST", "/api/v1/users", map[string]any{"name": "工厂新人", "email": "New@Test.example", "phone": "139 0000 0099",
			"password": "a-long-new-passphrase", "role": "factory", "supplier_id": e.suppliers["huaxing"].ID, "locale": "en"})
		if r.status != 201 || bytes.Contains(r.body, []byte("argon2")) || bytes.Contains(r.body, []byte("password")) {
			t.Fatalf("create user: %d %s", r.status, r.body)
		}
		var u userDTO
		if err := json.Unmarshal(r.body, &u); err != nil || u.Email != "new@test.example" || u.Phone == nil || *u.Phone != "13900000099" {
			t.Fatalf("created user %+v %v", u, err)
		}
		if r := e.as("admin", "POST", "/api/v1/users", map[string]any{"name": "x", "email": "new@test.example",
			"password": "another-long-pass", "role": "merchandiser"}); r.status != 422 {
			t.Fatalf("duplicate email: %d %s", r.status, r.body)
		}
		if r := e.as("admin", "POST", "/api/v1/users", map[string]any{"name": "x", "email": "weak@test.example",
			"password": "password123", "role": "merchandiser"}); r.status != 422 {
			t.Fatalf("common password: %d %s", r.status, r.body)
		}
		r = e.as("admin", "GET", fmt.Sprintf("/api/v1/users?supplier_id=%d", e.suppliers["huaxing"].ID), nil)
		if n := len(r.json(t)["items"].([]any)); n != 2 {
			t.Fatalf("users of huaxing: %d %s", n, r.body)
		}
		// Admins cannot lock themselves out.
		self := fmt.Sprintf("/api/v1/users/%d", e.users["admin"].ID)
		if r := e.as("admin", "PATCH", self, map[string]any{"active": false}); r.status != 422 {
			t.Fatalf("self-disable: %d", r.status)
		}
		if r := e.as("admin", "PATCH", self, map[string]any{"role": "merchandiser"}); r.status != 422 {
			t.Fatalf("self-demote: %d", r.status)
		}
		// Moving a factory user to another supplier ends their sessions.
		old := e.token("factory2")
		r = e.as("admin", "PATCH", fmt.Sprintf("/api/v1/users/%d", e.users["factory2"].ID), map[string]any{"supplier_id": e.suppliers["huaxing"].ID})
		if r.status != 200 {
			t.Fatalf("move user: %d %s", r.status, r.body)
		}
		if r := e.do(req{method: "GET", path: "/api/v1/me", token: old}); r.status != 401 {
			t.Fatalf("moved user's old token: %d", r.status)
		}
		// A role other than factory drops the supplier.
		r = e.as("admin", "PATCH", fmt.Sprintf("/api/v1/users/%d", e.users["factory2"].ID), map[string]any{"role": "merchandiser"})
		if r.status != 200 || r.json(t)["supplier_id"] != nil {
			t.Fatalf("role change: %d %s", r.status, r.body)
		}
	})
}

func TestRequestConventions(t *testing.T) {
	e := newEnv(t, testdb.SQLite(t))
	tok := e.token("admin")
	r := e.do(req{method: "POST", path: "/api/v1/suppliers", token: tok, body: `{"code": "A1", `})
	if r.status != 400 || r.errorCode(t) != "invalid_json" {
		t.Fatalf("malformed JSON: %d %s", r.status, r.body)
	}
	r = e.do(req{method: "POST", path: "/api/v1/suppliers", token: tok, body: `{"code": 12, "name": "x"}`})
	if r.status != 422 {
		t.Fatalf("wrong type: %d %s", r.status, r.body)
	}
	big := `{"code":"BIG","name":"` + string(bytes.Repeat([]byte("a"), 1<<20)) + `"}`
	r = e.do(req{method: "POST", path: "/api/v1/suppliers", token: tok, body: big})
	if r.status != 413 || r.errorCode(t) != "payload_too_large" {
		t.Fatalf("body over the route limit: %d %s", r.status, r.body)
	}
	r = e.do(req{method: "GET", path: "/api/v1/nothing-here", token: tok})
	if r.status != 404 || r.errorCode(t) != "not_found" {
		t.Fatalf("unknown API path: %d %s", r.status, r.body)
	}
	for _, h := range []string{"X-Content-Type-Options", "Content-Security-Policy", "Referrer-Policy", "X-Request-Id"} {
		if r.header.Get(h) == "" {
			t.Errorf("missing %s on an error response", h)
		}
	}
	if r.header.Get("Strict-Transport-Security") != "" {
		t.Error("HSTS on plain HTTP")
	}
	// A sane incoming request id is kept, a hostile one replaced.
	r = e.do(req{method: "GET", path: "/healthz", headers: map[string]string{"X-Request-Id": "abc-123-def-456"}})
	if r.header.Get("X-Request-Id") != "abc-123-def-456" {
		t.Errorf("request id not propagated: %q", r.header.Get("X-Request-Id"))
	}
	r = e.do(req{method: "GET", path: "/healthz", headers: map[string]string{"X-Request-Id": "<script>"}})
	if r.header.Get("X-Request-Id") == "<script>" {
		t.Error("hostile request id echoed")
	}
}
