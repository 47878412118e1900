package server

import (
	"os"
	"testing"

	"gendan/storage/s3test"
)

// TestMain stops the shared S3 test server when the tests are done.
func TestMain(m *testing.M) {
	code := m.Run()
	s3test.Stop()
	os.Exit(code)
}
