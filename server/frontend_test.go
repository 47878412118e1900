package server

import (
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
