package main

// The several-node harness: real `gendan serve` processes (this test
// binary, re-executed) on their own loopback ports, sharing one fresh
// MariaDB database, one versitygw bucket and one JWT key, as nodes behind
// a load balancer do. Tests of work that must happen once across nodes
// (the daily risk sweep; the notification dispatcher) start them with
// startNodes, or with newCluster(t).start when they seed the database
// first:
//
//	c := newCluster(t)                       // fresh database and bucket
//	… seed through c.Store …
//	nodes := c.start(2, map[string]string{"GENDAN_RISK_SWEEP_EVERY": "200ms"})
//	… HTTP to nodes[i].base, nodes[i].logRecords("msg"), c.Store to check …
//
// A node's log is JSON lines on its stderr, flushed every 100 ms, so a test
// waiting for a line polls (waitFor).

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"testing"
	"time"

	"gendan/models"
	"gendan/models/testdb"
	"gendan/storage"
	"gendan/storage/s3test"
)

// envRunServe makes the test binary run `gendan <args>` instead of the tests.
const envRunServe = "GENDAN_TEST_RUN_SERVE"

func TestMain(m *testing.M) {
	if os.Getenv(envRunServe) == "1" {
		if err := run(os.Args[1:], os.Getenv, os.Stdout, os.Stderr); err != nil {
			fmt.Fprintln(os.Stderr, "gendan:", err)
			os.Exit(1)
		}
		os.Exit(0)
	}
	code := m.Run()
	s3test.Stop()
	os.Exit(code)
}

// cluster is what the nodes of one test share.
type cluster struct {
	t *testing.T
	// DB and Store are the shared database, migrated and holding the
	// reference data, for seeding before the nodes start and checking after.
	DB    *models.DB
	Store *models.Store
	// env is the environment every node gets (before its own and extraEnv).
	env     map[string]string
	started int
}

// newCluster makes a fresh MariaDB database (dropped when the test ends)
// and a fresh S3 bucket. Without GENDAN_TEST_MYSQL_DSN, or without
// versitygw, it skips the test saying why; in CI it fails instead.
func newCluster(t *testing.T) *cluster {
	t.Helper()
	s3 := s3test.Config(t) // first: its skip costs nothing
	db := testdb.MySQL(t)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if _, err := storage.NewS3(ctx, s3); err != nil { // creates the bucket once, before the nodes race to
		t.Fatalf("S3 test bucket: %v", err)
	}
	dbURL := mysqlURLOf(t, db)
	key := make([]byte, 32)
	_, _ = rand.Read(key)
	secret := hex.EncodeToString(key)
	store := models.NewStore(db, nil, []byte(secret))
	// What every node does at start; done once here so the nodes find it.
	if err := store.EnsureReferenceData(ctx); err != nil {
		t.Fatal(err)
	}
	return &cluster{t: t, DB: db, Store: store, env: map[string]string{
		"GENDAN_DB":            dbURL,
		"GENDAN_JWT_SECRET":    secret,
		"GENDAN_SEED_DEMO":     "false",
		"GENDAN_S3_ENDPOINT":   s3.Endpoint,
		"GENDAN_S3_ACCESS_KEY": s3.AccessKey,
		"GENDAN_S3_SECRET_KEY": s3.SecretKey,
		"GENDAN_S3_BUCKET":     s3.Bucket,
		"GENDAN_S3_REGION":     s3.Region,
		"GENDAN_S3_SECURE":     "false",
	}}
}

// startNodes starts n nodes on a fresh cluster; see cluster.start.
func startNodes(t *testing.T, n int, extraEnv map[string]string) []*node {
	t.Helper()
	return newCluster(t).start(n, extraEnv)
}

// node is one running `gendan serve` process.
type node struct {
	// Name is its GENDAN_NODE_NAME: node-a, node-b, …
	Name string
	// base is its URL, http://127.0.0.1:PORT.
	base           string
	cmd            *exec.Cmd
	stdout, stderr testdb.LogBuffer
	exited         chan struct{}
	waitErr        error
	stopping       bool
}

// start starts n more nodes at once, so their first passes race as on a
// real deployment, and returns when every one answers /readyz. Each has
// its own port and data dir and the cluster's database, bucket and key;
// extraEnv is added to (and overrides) every node's environment. At the
// end of the test each gets SIGTERM and must exit cleanly; a failed test
// prints every node's output.
func (c *cluster) start(n int, extraEnv map[string]string) []*node {
	c.t.Helper()
	nodes := make([]*node, n)
	for i := range nodes {
		name := fmt.Sprintf("node-%c", 'a'+c.started)
		c.started++
		env := map[string]string{}
		for k, v := range c.env {
			env[k] = v
		}
		env["GENDAN_NODE_NAME"] = name
		env["GENDAN_DATA_DIR"] = c.t.TempDir()
		for k, v := range extraEnv {
			env[k] = v
		}
		nodes[i] = c.launch(name, env)
	}
	for _, nd := range nodes {
		nd.waitReady(c.t)
	}
	return nodes
}

// launch starts one process, on a port found free (and again on another if
// another process took it meanwhile).
func (c *cluster) launch(name string, env map[string]string) *node {
	c.t.Helper()
	exe, err := os.Executable()
	if err != nil {
		c.t.Fatal(err)
	}
	for attempt := 0; ; attempt++ {
		addr := freeAddr(c.t)
		env["GENDAN_ADDR"] = addr
		nd := &node{Name: name, base: "http://" + addr, exited: make(chan struct{})}
		nd.cmd = exec.Command(exe, "serve")
		nd.cmd.Env = nodeEnviron(env)
		nd.cmd.Stdout, nd.cmd.Stderr = &nd.stdout, &nd.stderr
		// The node dies with the test binary even if that is killed.
		nd.cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
		if err := nd.cmd.Start(); err != nil {
			c.t.Fatalf("start %s: %v", name, err)
		}
		go func() { nd.waitErr = nd.cmd.Wait(); close(nd.exited) }()
		// A port lost to another process shows within the start-up.
		select {
		case <-nd.exited:
			if attempt < 3 && strings.Contains(nd.stderr.String(), "address already in use") {
				continue
			}
		case <-time.After(50 * time.Millisecond):
		}
		c.t.Cleanup(func() { nd.stop(c.t) })
		return nd
	}
}

// nodeEnviron is the test's environment without its GENDAN_* variables
// (a developer's own settings must not leak into a node), plus env.
func nodeEnviron(env map[string]string) []string {
	var out []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "GENDAN_") {
			out = append(out, kv)
		}
	}
	out = append(out, envRunServe+"=1")
	for k, v := range env {
		out = append(out, k+"="+v)
	}
	return out
}

func (nd *node) waitReady(t *testing.T) {
	t.Helper()
	client := &http.Client{Timeout: 2 * time.Second}
	deadline := time.Now().Add(30 * time.Second)
	for {
		select {
		case <-nd.exited:
			t.Fatalf("%s exited while starting: %v\n%s", nd.Name, nd.waitErr, nd.logs())
		default:
		}
		if res, err := client.Get(nd.base + "/readyz"); err == nil {
			res.Body.Close()
			if res.StatusCode == http.StatusOK {
				return
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s not ready in 30 s:\n%s", nd.Name, nd.logs())
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// stop sends SIGTERM and waits for a clean exit (SIGKILL after 20 s). A
// test may stop a node itself; the rest are stopped when it ends.
func (nd *node) stop(t *testing.T) {
	t.Helper()
	select {
	case <-nd.exited:
		if !nd.stopping {
			t.Errorf("%s exited during the test: %v", nd.Name, nd.waitErr)
		}
	default:
		nd.stopping = true
		_ = nd.cmd.Process.Signal(syscall.SIGTERM)
		select {
		case <-nd.exited:
			if nd.waitErr != nil {
				t.Errorf("%s after SIGTERM: %v", nd.Name, nd.waitErr)
			}
		case <-time.After(20 * time.Second):
			_ = nd.cmd.Process.Kill()
			<-nd.exited
			t.Errorf("%s did not stop within 20 s of SIGTERM", nd.Name)
		}
	}
	if t.Failed() {
		t.Logf("=== output of %s (%s)\n%s", nd.Name, nd.base, nd.logs())
	}
}

// kill ends the node with SIGKILL, as a crash would: it finishes nothing
// it holds (a lease it claimed expires instead).
func (nd *node) kill(t *testing.T) {
	t.Helper()
	nd.stopping = true
	_ = nd.cmd.Process.Kill()
	<-nd.exited
}

// logs is everything the node wrote so far: its standard output (the
// banner) and its standard error (the JSON log, flushed every 100 ms).
func (nd *node) logs() string {
	return nd.stdout.String() + nd.stderr.String()
}

// logRecords returns the node's JSON log lines whose msg is msg, decoded.
func (nd *node) logRecords(msg string) []map[string]any {
	var out []map[string]any
	for _, line := range strings.Split(nd.stderr.String(), "\n") {
		var m map[string]any
		if !strings.HasPrefix(line, "{") || json.Unmarshal([]byte(line), &m) != nil {
			continue
		}
		if m["msg"] == msg {
			out = append(out, m)
		}
	}
	return out
}

// waitFor polls cond every 50 ms until it holds, failing the test with
// what after timeout.
func waitFor(t *testing.T, timeout time.Duration, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out after %v waiting for %s", timeout, what)
		}
		time.Sleep(50 * time.Millisecond)
	}
}
