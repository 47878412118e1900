// Package s3test starts a real S3-compatible server for tests: versitygw
// with its posix backend in a temp dir, on a free loopback port, once per
// test binary. Each caller gets a bucket of its own.
package s3test

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"gendan/storage"
)

const (
	accessKey = "gendantestaccess"
	secretKey = "gendan-test-secret-key-0123456789"
)

var (
	once     sync.Once
	endpoint string
	startErr error
	skipMsg  string
)

// Binary finds versitygw on PATH or in $(go env GOPATH)/bin.
func Binary() string {
	if p, err := exec.LookPath("versitygw"); err == nil {
		return p
	}
	out, err := exec.Command("go", "env", "GOPATH").Output()
	if err != nil {
		return ""
	}
	p := filepath.Join(strings.TrimSpace(string(out)), "bin", "versitygw")
	if fi, err := os.Stat(p); err == nil && !fi.IsDir() {
		return p
	}
	return ""
}

func start() {
	bin := Binary()
	if bin == "" {
		skipMsg = "versitygw is not installed (go install github.com/versity/versitygw/cmd/versitygw@v1.8.0)"
		return
	}
	dir, err := os.MkdirTemp("", "gendan-s3-")
	if err != nil {
		startErr = err
		return
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		startErr = err
		return
	}
	addr := ln.Addr().String()
	ln.Close()
	// A sidecar directory holds metadata, so no xattr support is needed.
	meta := filepath.Join(dir, ".meta")
	data := filepath.Join(dir, "data")
	os.MkdirAll(meta, 0o755)
	os.MkdirAll(data, 0o755)
	cmd := exec.Command(bin, "--port", addr, "posix", "--sidecar", meta, data)
	cmd.Env = append(os.Environ(), "ROOT_ACCESS_KEY="+accessKey, "ROOT_SECRET_KEY="+secretKey)
	// The server dies with the test binary even if that is killed.
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
	logf, _ := os.Create(filepath.Join(dir, "versitygw.log"))
	cmd.Stdout, cmd.Stderr = logf, logf
	if err := cmd.Start(); err != nil {
		startErr = fmt.Errorf("start versitygw: %w", err)
		return
	}
	deadline := time.Now().Add(20 * time.Second)
	for {
		res, err := http.Get("http://" + addr + "/")
		if err == nil {
			res.Body.Close()
			break
		}
		if time.Now().After(deadline) {
			startErr = fmt.Errorf("versitygw did not start on %s (log in %s)", addr, logf.Name())
			cmd.Process.Kill()
			return
		}
		time.Sleep(50 * time.Millisecond)
	}
	endpoint = addr
	go func() { cmd.Wait() }()
	stopFns = append(stopFns, func() { cmd.Process.Kill(); os.RemoveAll(dir) })
}

var stopFns []func()

// Stop kills the server; call it from TestMain after m.Run.
func Stop() {
	for _, f := range stopFns {
		f()
	}
}

// Config returns the connection settings of a fresh bucket on the shared
// server, skipping the test (failing it in CI) when versitygw is missing.
func Config(t testing.TB) storage.S3Config {
	t.Helper()
	once.Do(start)
	if skipMsg != "" {
		if os.Getenv("CI") != "" {
			t.Fatalf("CI must run the S3 tests: %s", skipMsg)
		}
		t.Skipf("skipping S3 run: %s", skipMsg)
	}
	if startErr != nil {
		t.Fatalf("S3 test server: %v", startErr)
	}
	b := make([]byte, 5)
	_, _ = rand.Read(b)
	return storage.S3Config{Endpoint: endpoint, AccessKey: accessKey, SecretKey: secretKey,
		Bucket: "gendan-test-" + hex.EncodeToString(b), Region: "us-east-1", PathStyle: true}
}

// Bucket returns a connected S3 bucket of its own for the test.
func Bucket(t testing.TB) *storage.S3 {
	t.Helper()
	cfg := Config(t)
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	b, err := storage.NewS3(ctx, cfg)
	if err != nil {
		t.Fatalf("connect to S3 test server: %v", err)
	}
	return b
}
