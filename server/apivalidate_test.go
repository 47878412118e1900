package server

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/legacy"

	"gendan/orderio"
)

// The HTTP tests check every response they receive against openapi.yaml, so
// the document cannot drift from what the server answers: a status the
// operation does not list, or a JSON body its schema rejects, fails the test.

type apiSpec struct {
	doc    *openapi3.T
	router routers.Router
}

// apiDoc is the embedded document and its router, built once per test binary.
// The legacy router needs no dependency beyond kin-openapi itself.
var apiDoc = sync.OnceValues(func() (*apiSpec, error) {
	doc, err := openapi3.NewLoader().LoadFromData(openAPIDoc)
	if err != nil {
		return nil, fmt.Errorf("load openapi.yaml: %w", err)
	}
	router, err := legacy.NewRouter(doc)
	if err != nil {
		return nil, err
	}
	return &apiSpec{doc: doc, router: router}, nil
})

// undocumentedPaths are served but deliberately not in the API document:
// the PWA owns every path outside /api/ except the health probes.
func undocumentedPath(path string) bool {
	return !strings.HasPrefix(path, "/api/") && path != "/api" &&
		path != "/healthz" && path != "/readyz"
}

// checkResponse validates one response against the operation that the
// request's method and path name. JSON bodies are validated against the
// schema; other bodies (photos, spreadsheets, this document) only by their
// content type. It is safe to call from several goroutines.
func checkResponse(hr *http.Request, status int, header http.Header, body []byte) error {
	if undocumentedPath(hr.URL.Path) {
		return nil
	}
	spec, err := apiDoc()
	if err != nil {
		return err
	}
	// Route by method and path alone: a test may send an absolute URL to
	// another host, which the document's server list would not match.
	rr := hr.Clone(context.Background())
	rr.URL = &url.URL{Path: hr.URL.Path, RawPath: hr.URL.RawPath, RawQuery: hr.URL.RawQuery}
	rr.Host = ""
	route, params, err := spec.router.FindRoute(rr)
	if err != nil {
		// The document lists what exists; anything else under /api/ must be
		// the envelope's 404 (or 405).
		if status != http.StatusNotFound && status != http.StatusMethodNotAllowed {
			return fmt.Errorf("no documented operation (%v), and the answer is not a 404", err)
		}
		if hr.Method == http.MethodHead && len(body) == 0 {
			return nil // a HEAD answer carries no envelope to check
		}
		return spec.errorEnvelope(header, body)
	}
	resp := route.Operation.Responses.Status(status)
	if resp == nil && status == http.StatusInternalServerError {
		// Any operation may fail on the server's side; the document says so
		// once, in its description, rather than on every operation.
		return spec.errorEnvelope(header, body)
	}
	if resp == nil || resp.Value == nil {
		return fmt.Errorf("status %d is not documented for %s %s", status, route.Method, route.Path)
	}
	if header.Get("Content-Encoding") == "gzip" {
		zr, err := gzip.NewReader(bytes.NewReader(body))
		if err != nil {
			return fmt.Errorf("Content-Encoding gzip, but: %w", err)
		}
		if body, err = io.ReadAll(zr); err != nil {
			return fmt.Errorf("Content-Encoding gzip, but: %w", err)
		}
	}
	ct := header.Get("Content-Type")
	mt, _, _ := mime.ParseMediaType(ct)
	content := resp.Value.Content
	if len(content) > 0 && len(body) > 0 && content.Get(ct) == nil {
		return fmt.Errorf("content type %q is not documented for %s %s → %d", ct, route.Method, route.Path, status)
	}
	if len(content) == 0 && len(body) > 0 && mt == "application/json" {
		return fmt.Errorf("%s %s → %d documents no body but the server sent JSON: %s", route.Method, route.Path, status, body)
	}
	opts := &openapi3filter.Options{
		IncludeResponseStatus: true,
		MultiError:            true,
		ExcludeResponseBody:   mt != "application/json",
		AuthenticationFunc:    openapi3filter.NoopAuthenticationFunc,
	}
	opts.WithCustomSchemaErrorFunc(briefSchemaError)
	in := &openapi3filter.ResponseValidationInput{
		RequestValidationInput: &openapi3filter.RequestValidationInput{
			Request: rr, PathParams: params, Route: route, Options: opts,
		},
		Status:  status,
		Header:  header,
		Body:    io.NopCloser(bytes.NewReader(body)),
		Options: opts,
	}
	return openapi3filter.ValidateResponse(context.Background(), in)
}

// errorEnvelope checks a body against the ErrorBody schema.
func (s *apiSpec) errorEnvelope(header http.Header, body []byte) error {
	if mt, _, _ := mime.ParseMediaType(header.Get("Content-Type")); mt != "application/json" {
		return fmt.Errorf("error response is %q, not JSON", header.Get("Content-Type"))
	}
	var v any
	if err := json.Unmarshal(body, &v); err != nil {
		return fmt.Errorf("error response is not JSON: %w", err)
	}
	return s.doc.Components.Schemas["ErrorBody"].Value.VisitJSON(v, openapi3.MultiErrors(), openapi3.VisitAsResponse(),
		openapi3.SetSchemaErrorMessageCustomizer(briefSchemaError))
}

// briefSchemaError names the place and the reason, without kin-openapi's
// dump of the whole schema and value.
func briefSchemaError(err *openapi3.SchemaError) string {
	return fmt.Sprintf("at /%s: %s", strings.Join(err.JSONPointer(), "/"), err.Reason)
}

// TestResponseCheckCatchesDrift: the check refuses what the document does not
// say, so a passing suite means something.
func TestResponseCheckCatchesDrift(t *testing.T) {
	jsonHdr := http.Header{"Content-Type": {"application/json; charset=utf-8"}}
	xlsxHdr := http.Header{"Content-Type": {orderio.ContentType}}
	envelope := `{"error":{"code":"not_found","message":"Not found."}}`
	customer := `{"id":1,"name":"N","contact_email":"","locale":"en","created_at":"2026-03-02T09:00:00Z","updated_at":"2026-03-02T09:00:00Z"}`
	cases := []struct {
		name, method, path string
		status             int
		header             http.Header
		body               string
		ok                 bool
	}{
		{"documented body", "PATCH", "/api/v1/customers/1", 200, jsonHdr, customer, true},
		{"extra field is fine", "PATCH", "/api/v1/customers/1", 200, jsonHdr, customer[:len(customer)-1] + `,"actions":["edit"]}`, true},
		{"required field missing", "PATCH", "/api/v1/customers/1", 200, jsonHdr, `{"id":1,"name":"N"}`, false},
		{"wrong type", "PATCH", "/api/v1/customers/1", 200, jsonHdr, strings.Replace(customer, `"id":1`, `"id":"1"`, 1), false},
		{"undocumented status", "PATCH", "/api/v1/customers/1", 201, jsonHdr, customer, false},
		{"undocumented content type", "PATCH", "/api/v1/customers/1", 200, http.Header{"Content-Type": {"text/plain"}}, "hi", false},
		{"error envelope", "PATCH", "/api/v1/customers/1", 404, jsonHdr, envelope, true},
		{"bare error", "PATCH", "/api/v1/customers/1", 404, jsonHdr, `{"message":"no"}`, false},
		{"old field errors", "POST", "/api/v1/customers", 422, jsonHdr,
			`{"error":{"code":"validation_failed","message":"m","fields":{"name":"is required"}}}`, false},
		{"coded field errors", "POST", "/api/v1/customers", 422, jsonHdr,
			`{"error":{"code":"validation_failed","message":"m","fields":{"name":{"code":"required","message":"is required"}}}}`, true},
		{"coded row errors", "POST", "/api/v1/orders/import", 422, jsonHdr,
			`{"error":{"code":"import_failed","message":"m","rows":[{"row":2,"column":"quantity","code":"out_of_range","params":{"min":1},"message":"m"}]}}`, true},
		{"server failure anywhere", "GET", "/api/v1/me", 500, jsonHdr, `{"error":{"code":"internal_error","message":"m"}}`, true},
		{"unknown API path", "GET", "/api/v1/nothing", 404, jsonHdr, envelope, true},
		{"unknown API path answering 200", "GET", "/api/v1/nothing", 200, jsonHdr, `{}`, false},
		{"binary by content type", "GET", "/api/v1/orders/export.xlsx", 200, xlsxHdr, "PK\x03\x04", true},
		{"binary with the wrong type", "GET", "/api/v1/orders/export.xlsx", 200, jsonHdr, `{}`, false},
		{"the PWA is not the API", "GET", "/orders/42", 200, http.Header{"Content-Type": {"text/html"}}, "<html>", true},
	}
	for _, c := range cases {
		hr := httptest.NewRequest(c.method, c.path, nil)
		err := checkResponse(hr, c.status, c.header, []byte(c.body))
		if (err == nil) != c.ok {
			t.Errorf("%s: check says %v, want ok=%v", c.name, err, c.ok)
		}
	}
}
