package server

import (
	"encoding/json"
	"log/slog"
	"strings"
	"testing"

	"gendan/models"
	"gendan/models/testdb"
)

// TestAccessLogKeepsSecretsOut: the JSON access log has a line per request
// with its id and status, and never a password, token or query string.
func TestAccessLogKeepsSecretsOut(t *testing.T) {
	var buf testdb.LogBuffer
	logger := slog.New(slog.NewJSONHandler(&buf, nil))
	e := newEnv(t, testdb.SQLite(t), func(o *Options) { o.Log = logger })
	r := e.do(req{method: "POST", path: "/api/v1/auth/login", body: map[string]string{"login": "merch@test.example", "password": testPassword}})
	if r.status != 200 {
		t.Fatalf("login: %d %s", r.status, r.body)
	}
	access := r.json(t)["access_token"].(string)
	refresh, _ := r.cookie(refreshCookie)
	e.do(req{method: "GET", path: "/api/v1/me?secret=query-value", token: access})
	e.do(req{method: "POST", path: "/api/v1/auth/refresh", headers: map[string]string{"Cookie": refreshCookie + "=" + refresh}})

	out := buf.String()
	for _, secret := range []string{testPassword, access, refresh, "query-value", "Bearer"} {
		if strings.Contains(out, secret) {
			t.Errorf("log contains %q", secret)
		}
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 3 {
		t.Fatalf("want 3 access log lines, got %d:\n%s", len(lines), out)
	}
	var line map[string]any
	if err := json.Unmarshal([]byte(lines[1]), &line); err != nil {
		t.Fatal(err)
	}
	if line["path"] != "/api/v1/me" || line["status"] != float64(200) || line["request_id"] == "" || line["user_id"] == nil {
		t.Fatalf("access log line: %v", line)
	}
}

// TestAccessLogRedactsStatusTokens: a status link's token is the key to
// its order, so neither the API's access log nor the page's has it.
func TestAccessLogRedactsStatusTokens(t *testing.T) {
	var buf testdb.LogBuffer
	logger := slog.New(slog.NewJSONHandler(&buf, nil))
	e := newEnv(t, testdb.SQLite(t), func(o *Options) { o.Log = logger })
	token, _ := e.createLinkAs("merch", nil)
	missing, _, _ := models.NewLinkToken()
	for _, path := range []string{"/api/v1/public/status/" + token, "/api/v1/public/status/" + missing,
		"/api/v1/public/status/" + token + "/photos/1", "/s/" + token} {
		e.send(req{method: "GET", path: path})
	}
	e.send(req{method: "POST", path: "/api/v1/public/status/" + token})
	out := buf.String()
	if strings.Contains(out, token) || strings.Contains(out, missing) {
		t.Errorf("the log has a token:\n%s", out)
	}
	if n := strings.Count(out, `"path":"/api/v1/public/status/…"`); n != 3 {
		t.Errorf("%d redacted status lines, want 3:\n%s", n, out)
	}
	if !strings.Contains(out, `"path":"/s/…"`) || !strings.Contains(out, `"path":"/api/v1/public/status/…/photos/1"`) {
		t.Errorf("page and photo lines not redacted:\n%s", out)
	}
}
