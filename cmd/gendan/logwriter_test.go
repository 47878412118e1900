package main

import (
	"strings"
	"testing"
	"time"

	"gendan/models/testdb"
)

// TestLogWriterFlushes: lines reach the output within the flush interval
// without another write, and Close writes out whatever is left.
func TestLogWriterFlushes(t *testing.T) {
	var out testdb.LogBuffer
	l := newLogWriter(&out)
	l.Write([]byte("first\n"))
	deadline := time.Now().Add(20 * flushEvery)
	for !strings.Contains(out.String(), "first") {
		if time.Now().After(deadline) {
			t.Fatal("a buffered line was not flushed by the ticker")
		}
		time.Sleep(flushEvery / 4)
	}
	l.Write([]byte("last\n"))
	if err := l.Close(); err != nil {
		t.Fatal(err)
	}
	if out.String() != "first\nlast\n" {
		t.Fatalf("output %q", out.String())
	}
}
