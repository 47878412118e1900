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

// TestOpenAPIOperationsListTheirErrors: what the route table implies each
// operation can answer is in the document — an operationId, 401 and 403 for
// a signed-in route, 404 for an object by id, and for an authenticated write
// the Idempotency-Key header with its 400, 409, 413 and 422 — and every 4xx
// uses the one shared Error response.
func TestOpenAPIOperationsListTheirErrors(t *testing.T) {
	e := newEnv(t, testdb.SQLite(t))
	doc, err := openapi3.NewLoader().LoadFromData(openAPIDoc)
	if err != nil {
		t.Fatal(err)
	}
	param := regexp.MustCompile(`:(\w+)`)
	ids := map[string]string{}
	for _, rt := range e.srv.Routes() {
		method, path, accessName := rt[0], param.ReplaceAllString(rt[1], "{$1}"), rt[2]
		item := doc.Paths.Value(path)
		if item == nil || item.GetOperation(method) == nil {
			continue // TestOpenAPIDocumentMatchesRoutes reports it
		}
		op := item.GetOperation(method)
		where := method + " " + path
		if op.OperationID == "" {
			t.Errorf("%s: no operationId", where)
		} else if other, dup := ids[op.OperationID]; dup {
			t.Errorf("%s: operationId %q is also %s", where, op.OperationID, other)
		}
		ids[op.OperationID] = where
		var want []int
		if accessName != public.name {
			want = append(want, 401, 403)
			if method != "GET" {
				want = append(want, 400, 409, 413, 422)
				hasKey := false
				for _, p := range op.Parameters {
					hasKey = hasKey || p.Ref == "#/components/parameters/IdempotencyKey"
				}
				if !hasKey {
					t.Errorf("%s: no Idempotency-Key parameter", where)
				}
			}
		}
		if strings.Contains(path, "{id}") {
			want = append(want, 404)
		}
		for _, status := range want {
			if op.Responses.Status(status) == nil {
				t.Errorf("%s: %d is not documented", where, status)
			}
		}
		for code, resp := range op.Responses.Map() {
			if strings.HasPrefix(code, "4") && resp.Ref != "#/components/responses/Error" {
				t.Errorf("%s: %s does not use the shared Error response", where, code)
			}
		}
	}
}
