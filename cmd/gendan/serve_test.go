package main

import (
	"bytes"
	"io"
	"net"
	"net/http"
	"strings"
	"syscall"
	"testing"
	"time"

	"gendan/models/testdb"
)

func freeAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

// TestServeEmbeddedDefault runs the real serve command on a fresh data dir:
// it seeds and prints demo logins, serves the placeholder page and the login
// API, and on SIGTERM reports not-ready before it stops.
func TestServeEmbeddedDefault(t *testing.T) {
	addr := freeAddr(t)
	env := map[string]string{"GENDAN_DATA_DIR": t.TempDir(), "GENDAN_ADDR": addr, "GENDAN_SHUTDOWN_DELAY": "300ms"}
	getenv := func(k string) string { return env[k] }
	base := "http://" + addr
	client := &http.Client{Timeout: 5 * time.Second}
	var stdout, stderr testdb.LogBuffer
	done := startServe(t, getenv, base, &stdout, &stderr)
	out := stdout.String()
	for _, want := range []string{"admin@gendan.demo", "chen@jinling.demo", "gendan-demo-2026", "Gendan is serving on"} {
		if !strings.Contains(out, want) {
			t.Errorf("start-up output lacks %q:\n%s", want, out)
		}
	}

	res, err := client.Get(base + "/some/client/route")
	if err != nil {
		t.Fatal(err)
	}
	page, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != 200 || !strings.Contains(string(page), "Gendan") || res.Header.Get("Cache-Control") != "no-cache" {
		t.Fatalf("PWA fallback: %d %q %s", res.StatusCode, res.Header.Get("Cache-Control"), page)
	}

	res, err = client.Post(base+"/api/v1/auth/login", "application/json",
		strings.NewReader(`{"login":"chen@jinling.demo","password":"gendan-demo-2026"}`))
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != 200 || !strings.Contains(string(body), `"access_token"`) {
		t.Fatalf("demo login: %d %s", res.StatusCode, body)
	}

	var hc bytes.Buffer
	if err := healthcheck(getenv, &hc); err != nil {
		t.Fatalf("healthcheck subcommand: %v", err)
	}

	if err := syscall.Kill(syscall.Getpid(), syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	sawDraining := false
	for i := 0; i < 50 && !sawDraining; i++ {
		res, err := client.Get(base + "/readyz")
		if err == nil {
			res.Body.Close()
			sawDraining = res.StatusCode == 503
		}
		time.Sleep(10 * time.Millisecond)
	}
	if !sawDraining {
		t.Error("readiness did not fail while draining")
	}
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("serve returned %v", err)
		}
	case <-time.After(20 * time.Second):
		t.Fatal("serve did not stop after SIGTERM")
	}
	if strings.Contains(stderr.String(), "gendan-demo-2026") {
		t.Error("the log contains a password")
	}

	// A restart on the same data prints the demo logins again (they are
	// what a new user needs), without seeding anything.
	var stdout2, stderr2 testdb.LogBuffer
	done = startServe(t, getenv, base, &stdout2, &stderr2)
	out = stdout2.String()
	for _, want := range []string{"Demo data present", "admin@gendan.demo", "chen@jinling.demo", "gendan-demo-2026"} {
		if !strings.Contains(out, want) {
			t.Errorf("restart output lacks %q:\n%s", want, out)
		}
	}
	if err := syscall.Kill(syscall.Getpid(), syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("second serve returned %v", err)
		}
	case <-time.After(20 * time.Second):
		t.Fatal("second serve did not stop after SIGTERM")
	}
}

// startServe runs the serve command and waits until /healthz answers 200.
func startServe(t *testing.T, getenv func(string) string, base string, stdout, stderr *testdb.LogBuffer) chan error {
	t.Helper()
	done := make(chan error, 1)
	go func() { done <- run([]string{"serve"}, getenv, stdout, stderr) }()
	client := &http.Client{Timeout: 5 * time.Second}
	deadline := time.Now().Add(15 * time.Second)
	for {
		res, err := client.Get(base + "/healthz")
		if err == nil {
			res.Body.Close()
			if res.StatusCode == 200 {
				return done
			}
		}
		select {
		case err := <-done:
			t.Fatalf("serve exited early: %v\n%s", err, stderr.String())
		default:
		}
		if time.Now().After(deadline) {
			t.Fatalf("server not up in time; stderr:\n%s", stderr.String())
		}
		time.Sleep(20 * time.Millisecond)
	}
}
