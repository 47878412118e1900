package main

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"gendan/models"
	"gendan/worker"
)

// TestTwoNodesSweepOnceAndShareTokens starts two real nodes on one MariaDB
// database and one bucket: the daily risk sweep of each factory zone runs
// on one of them only, once, and a session begun on one node goes on on
// the other (same signing key, refresh tokens in the shared database).
func TestTwoNodesSweepOnceAndShareTokens(t *testing.T) {
	began := time.Now()
	c := newCluster(t)
	ctx := context.Background()
	// Live orders in several zones (the bench data spreads its suppliers
	// over three), and a user of our own to sign in with.
	if err := c.Store.SeedBench(ctx, 60, models.TodayIn(time.Now(), models.DefaultTimeZone)); err != nil {
		t.Fatal(err)
	}
	zones, err := c.Store.RiskZones(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(zones) < 2 {
		t.Fatalf("live orders in zones %v; the test wants several", zones)
	}
	const login, password = "two.nodes@gendan.test", "two-nodes-pass-2026"
	if _, err := c.Store.CreateUser(ctx, models.NewUser{Name: "双节点 跟单员", Email: login, Password: password,
		Role: models.RoleMerchandiser, Locale: models.LocaleZH}); err != nil {
		t.Fatal(err)
	}

	// A short interval: every pass of both nodes after the first finds the
	// runs claimed or finished, which is what the test checks.
	nodes := c.start(2, map[string]string{"GENDAN_RISK_SWEEP_EVERY": "200ms"})
	a, b := nodes[0], nodes[1]
	t.Logf("two nodes ready %v after the test began", time.Since(began).Round(time.Millisecond))

	keys := map[string]string{} // run key → zone
	today := time.Now()
	for _, z := range zones {
		keys[z+" "+models.TodayIn(today, z)] = z
	}
	var runs []models.JobRun
	waitFor(t, 10*time.Second, "a finished risk sweep run per zone", func() bool {
		if runs, err = c.Store.JobRuns(ctx, worker.RiskSweepJob); err != nil {
			t.Fatal(err)
		}
		finished := 0
		for _, r := range runs {
			if _, ok := keys[r.RunKey]; ok && r.FinishedAt != nil {
				finished++
			}
		}
		return finished == len(keys)
	})
	// Several more passes of both nodes, and the logs flushed (every 100 ms).
	time.Sleep(700 * time.Millisecond)
	if runs, err = c.Store.JobRuns(ctx, worker.RiskSweepJob); err != nil {
		t.Fatal(err)
	}
	if len(runs) != len(keys) {
		t.Errorf("%d risk sweep runs, want one per zone (%d): %+v", len(runs), len(keys), runs)
	}
	holders := map[string]string{}
	for _, r := range runs {
		if _, ok := keys[r.RunKey]; !ok {
			t.Errorf("a run for %q, which is no zone's today", r.RunKey)
		}
		if r.Attempts != 1 || r.FinishedAt == nil || (r.Holder != a.Name && r.Holder != b.Name) {
			t.Errorf("run %q: holder %s, attempts %d, finished %v; want one attempt of node-a or node-b, finished",
				r.RunKey, r.Holder, r.Attempts, r.FinishedAt)
		}
		holders[r.RunKey] = r.Holder
	}
	ran := map[string][]string{} // run key → the nodes that logged it
	for _, nd := range nodes {
		for _, rec := range nd.logRecords("risk sweep ran") {
			key, _ := rec["zone"].(string)
			date, _ := rec["date"].(string)
			ran[key+" "+date] = append(ran[key+" "+date], nd.Name)
		}
	}
	for key := range keys {
		if got := ran[key]; len(got) != 1 || got[0] != holders[key] {
			t.Errorf("%q: logged \"risk sweep ran\" by %v; want by its holder %s only", key, got, holders[key])
		}
	}
	for _, nd := range nodes {
		// A node that recomputed a zone it had not claimed would fail to
		// finish the run, and say so.
		for _, msg := range []string{"job failed", "job panicked"} {
			if recs := nd.logRecords(msg); len(recs) > 0 {
				t.Errorf("%s: %s: %v", nd.Name, msg, recs)
			}
		}
		if !strings.Contains(nd.stderr.String(), `"node":"`+nd.Name+`"`) {
			t.Errorf("%s's start-up log does not name the node", nd.Name)
		}
	}

	// A session begun on A goes on on B.
	res := post(t, a.base+"/api/v1/auth/login", "", `{"login":"`+login+`","password":"`+password+`"}`)
	access, refresh := session(t, "login on "+a.Name, res)
	if code, body := get(t, b.base+"/api/v1/me", access); code != 200 || !strings.Contains(body, login) {
		t.Fatalf("%s's token on %s: GET /me %d %s", a.Name, b.Name, code, body)
	}
	res = post(t, b.base+"/api/v1/auth/refresh", refreshCookie+"="+refresh, "")
	access2, refresh2 := session(t, "refresh on "+b.Name, res)
	if refresh2 == refresh {
		t.Error("the refresh on B did not rotate the refresh token")
	}
	for _, nd := range nodes {
		if code, body := get(t, nd.base+"/api/v1/me", access2); code != 200 {
			t.Errorf("the token refreshed on %s, on %s: GET /me %d %s", b.Name, nd.Name, code, body)
		}
	}
	// The token B rotated away, replayed on A within the grace window (two
	// tabs refreshing at once), gets the very successor B handed out: the
	// spent token is in the shared database and the successor is derived
	// from the shared key.
	res = post(t, a.base+"/api/v1/auth/refresh", refreshCookie+"="+refresh, "")
	if _, again := session(t, "replayed refresh on "+a.Name, res); again != refresh2 {
		t.Errorf("the replayed refresh on %s handed out another successor than %s did", a.Name, b.Name)
	}
	t.Logf("two-node test body done %v after it began", time.Since(began).Round(time.Millisecond))
}

func post(t *testing.T, url, cookie, body string) *http.Response {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, url, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	if cookie != "" {
		req.Header.Set("Cookie", cookie)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

func get(t *testing.T, url, token string) (int, string) {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+token)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(b)
}

// session reads the access token and the refresh cookie of a login or a
// refresh answer.
func session(t *testing.T, what string, res *http.Response) (access, refresh string) {
	t.Helper()
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	var s struct {
		AccessToken string `json:"access_token"`
	}
	if res.StatusCode != 200 || json.Unmarshal(b, &s) != nil || s.AccessToken == "" {
		t.Fatalf("%s: %d %s", what, res.StatusCode, b)
	}
	for _, ck := range res.Cookies() {
		if ck.Name == refreshCookie && ck.Value != "" {
			refresh = ck.Value
		}
	}
	if refresh == "" {
		t.Fatalf("%s set no refresh cookie: %v", what, res.Header.Values("Set-Cookie"))
	}
	return s.AccessToken, refresh
}

// refreshCookie is the server's refresh token cookie (server/auth_handlers.go).
const refreshCookie = "gendan_refresh"
