package server

import (
	"context"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"

	"gendan/models/testdb"
)

// TestOpenAPIDocumentMatchesRoutes: the served document is valid OpenAPI 3
// and describes exactly the registered routes.
func TestOpenAPIDocumentMatchesRoutes(t *testing.T) {
	e := newEnv(t, testdb.SQLite(t))
	r := e.do(req{method: "GET", path: "/api/openapi.yaml"})
	if r.status != 200 {
		t.Fatalf("GET /api/openapi.yaml: %d", r.status)
	}
	doc, err := openapi3.NewLoader().LoadFromData(r.body)
	if err != nil {
		t.Fatalf("parse: %v", err)
	}
	if err := doc.Validate(context.Background()); err != nil {
		t.Fatalf("invalid OpenAPI document: %v", err)
	}
	param := regexp.MustCompile(`\{(\w+)\}`)
	documented := map[string]bool{}
	for path, item := range doc.Paths.Map() {
		for method := range item.Operations() {
			documented[method+" "+param.ReplaceAllString(path, ":$1")] = true
		}
	}
	registered := map[string]bool{}
	for _, rt := range e.srv.Routes() {
		registered[rt[0]+" "+rt[1]] = true
	}
	var problems []string
	for k := range registered {
		if !documented[k] {
			problems = append(problems, "undocumented: "+k)
		}
	}
	for k := range documented {
		if !registered[k] {
			problems = append(problems, "documented but not served: "+k)
		}
	}
	sort.Strings(problems)
	if len(problems) > 0 {
		t.Fatal(strings.Join(problems, "\n"))
	}
}
