package server

import (
	"testing"

	"gendan/models/testdb"
)

// TestMethodNotAllowed: a path the API has, asked with a method it does not
// have, answers 405 method_not_allowed with Allow listing the path's
// methods (from the route table); an unknown path stays a 404, and a
// method the path has is not affected.
func TestMethodNotAllowed(t *testing.T) {
	e := newEnv(t, testdb.SQLite(t))
	for _, c := range []struct {
		method, path string
		as           string
		status       int
		allow        string
	}{
		{"DELETE", "/api/v1/orders/1", "merch", 405, "GET, PATCH"},
		{"PUT", "/api/v1/orders", "merch", 405, "GET, POST"},
		{"DELETE", "/api/v1/orders/1/", "merch", 405, "GET, PATCH"},
		{"DELETE", "/API/v1/Orders/1", "merch", 405, "GET, PATCH"},
		{"GET", "/api/v1/orders/1/confirm", "merch", 405, "POST"},
		{"DELETE", "/api/v1/milestones/1", "", 405, "PATCH"},
		{"PATCH", "/api/v1/orders/1/comments", "factory", 405, "GET, POST"},
		// import is a literal route beside /orders/:id, which GET and PATCH reach.
		{"DELETE", "/api/v1/orders/import", "merch", 405, "POST, GET, PATCH"},
		{"POST", "/healthz", "", 405, "GET"},
		// The table registers GET routes alone, without HEAD.
		{"HEAD", "/api/v1/orders", "merch", 405, "GET, POST"},
		{"DELETE", "/api/v1/nothing", "merch", 404, ""},
		{"DELETE", "/api/v1/orders/1/nothing", "merch", 404, ""},
		{"GET", "/api/v1/orders", "merch", 200, ""},
	} {
		r := e.do(req{method: c.method, path: c.path, token: e.token(c.as)})
		if r.status != c.status {
			t.Errorf("%s %s: %d, want %d: %s", c.method, c.path, r.status, c.status, r.body)
			continue
		}
		if got := r.header.Get("Allow"); got != c.allow {
			t.Errorf("%s %s: Allow %q, want %q", c.method, c.path, got, c.allow)
		}
		if c.status == 405 && c.method != "HEAD" && r.errorCode(t) != "method_not_allowed" {
			t.Errorf("%s %s: code %q", c.method, c.path, r.errorCode(t))
		}
	}
}
