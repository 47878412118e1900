package pwa

import (
	"io/fs"
	"strings"
	"testing"
)

func TestDistServesAnIndex(t *testing.T) {
	b, err := fs.ReadFile(Dist(), "index.html")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(b), "Gendan") {
		t.Fatalf("index.html does not look like Gendan's: %.200s", b)
	}
	if !Built() && string(b) != string(placeholder) {
		t.Fatal("without a build the placeholder must be served")
	}
}
