package server

import (
	"strings"
	"testing"
	"testing/fstest"

	"gendan/models/testdb"
)

func TestFrontendCachingAndFallback(t *testing.T) {
	dist := fstest.MapFS{
		"index.html":                  {Data: []byte("<!doctype html><title>Gendan</title>")},
		"sw.js":                       {Data: []byte("self.addEventListener('fetch', () => {})")},
		"manifest.webmanifest":        {Data: []byte(`{"name":"Gendan"}`)},
		"assets/index-3f9a1c2b.js":    {Data: []byte("console.log(1)")},
		"assets/index-3f9a1c2b.js.br": {Data: []byte("BROTLI")},
		"assets/index-3f9a1c2b.js.gz": {Data: []byte("GZIP")},
	}
	e := newEnv(t, testdb.SQLite(t), func(o *Options) { o.Frontend = Frontend(dist) })
	cases := []struct {
		path, cacheControl, contentType string
		status                          int
	}{
		{"/", "no-cache", "text/html; charset=utf-8", 200},
		{"/orders/42", "no-cache", "text/html; charset=utf-8", 200}, // client-side route
		{"/sw.js", "no-cache", "text/javascript; charset=utf-8", 200},
		{"/manifest.webmanifest", "no-cache", "application/manifest+json", 200},
		{"/assets/index-3f9a1c2b.js", "public, max-age=31536000, immutable", "text/javascript; charset=utf-8", 200},
		{"/assets/missing-123.js", "", "", 404},
		{"/api/v1/unknown", "", "", 404},
	}
	for _, c := range cases {
		r := e.do(req{method: "GET", path: c.path})
		if r.status != c.status {
			t.Errorf("%s: status %d, want %d", c.path, r.status, c.status)
			continue
		}
		if c.status != 200 {
			if r.errorCode(t) != "not_found" {
				t.Errorf("%s: not a JSON 404: %s", c.path, r.body)
			}
			continue
		}
		if got := r.header.Get("Cache-Control"); got != c.cacheControl {
			t.Errorf("%s: Cache-Control %q, want %q", c.path, got, c.cacheControl)
		}
		if got := r.header.Get("Content-Type"); got != c.contentType {
			t.Errorf("%s: Content-Type %q, want %q", c.path, got, c.contentType)
		}
	}
	// Precompressed twins: brotli first, then gzip, else identity; q=0 refuses.
	for _, c := range []struct{ accept, encoding, body string }{
		{"gzip, deflate, br", "br", "BROTLI"},
		{"gzip", "gzip", "GZIP"},
		{"br;q=0, gzip", "gzip", "GZIP"},
		{"", "", "console.log(1)"},
		{"identity", "", "console.log(1)"},
	} {
		r := e.do(req{method: "GET", path: "/assets/index-3f9a1c2b.js", headers: map[string]string{"Accept-Encoding": c.accept}})
		if r.header.Get("Content-Encoding") != c.encoding || string(r.body) != c.body || r.header.Get("Vary") != "Accept-Encoding" {
			t.Errorf("Accept-Encoding %q: encoding %q body %q vary %q", c.accept, r.header.Get("Content-Encoding"), r.body, r.header.Get("Vary"))
		}
	}
	if r := e.do(req{method: "POST", path: "/orders/42"}); r.status != 404 {
		t.Errorf("POST to a page path: %d", r.status)
	}
}

// TestFrontendStatusPage: /s/<token> is the customer's status page, its own
// small entry, never stored nor indexed, and robots.txt keeps crawlers off.
func TestFrontendStatusPage(t *testing.T) {
	dist := fstest.MapFS{
		"index.html":  {Data: []byte("<!doctype html><title>Gendan</title>")},
		"status.html": {Data: []byte("<!doctype html><title>Order status</title>")},
		"robots.txt":  {Data: []byte("User-agent: *\nDisallow: /s/\n")},
	}
	e := newEnv(t, testdb.SQLite(t), func(o *Options) { o.Frontend = Frontend(dist) })
	r := e.do(req{method: "GET", path: "/s/AAAAbbbbCCCCddddEEEEffffGGGGhhhhIIIIjjjjKKK"})
	if r.status != 200 || string(r.body) != "<!doctype html><title>Order status</title>" {
		t.Fatalf("status page: %d %s", r.status, r.body)
	}
	checkPublicHeaders(t, "/s/", r)
	if r := e.do(req{method: "GET", path: "/robots.txt"}); r.status != 200 || !strings.Contains(string(r.body), "Disallow: /s/") {
		t.Errorf("robots.txt: %d %s", r.status, r.body)
	}
	// The app's own pages are not capability pages.
	if r := e.do(req{method: "GET", path: "/orders/1"}); r.header.Get("X-Robots-Tag") != "" || r.header.Get("Cache-Control") != "no-cache" {
		t.Errorf("app page headers: %v", r.header)
	}
	// A build without a status page (the placeholder) still answers /s/.
	e2 := newEnv(t, testdb.SQLite(t), func(o *Options) { o.Frontend = Frontend(fstest.MapFS{"index.html": dist["index.html"]}) })
	if r := e2.do(req{method: "GET", path: "/s/x"}); r.status != 200 || !strings.Contains(string(r.body), "Gendan") {
		t.Errorf("placeholder /s/: %d %s", r.status, r.body)
	}
}
