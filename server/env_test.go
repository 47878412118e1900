package server

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"gendan/models"
	"gendan/models/testdb"
)

// testPassword is every fixture user's password; its hash is computed once
// per test binary because argon2id is deliberately slow.
const testPassword = "correct-horse-battery"

var testHash = sync.OnceValue(func() string {
	h, err := models.HashPassword(testPassword)
	if err != nil {
		panic(err)
	}
	return h
})

var testJWTKey = []byte("test-jwt-key-0123456789abcdef0123456789abcdef")

// env is one server on a fresh database with named fixtures.
type env struct {
	t         *testing.T
	db        *models.DB
	store     *models.Store
	srv       *Server
	clock     *testdb.Clock
	suppliers map[string]*models.Supplier
	users     map[string]*models.User
}

// supplierFixtures and userFixtures are typed fixtures keyed by name.
var supplierFixtures = map[string]models.Supplier{
	"jinling": {Code: "HZ-JL", Name: "杭州锦绫服饰有限公司", NameEn: "Hangzhou Jinling Apparel", Active: true},
	"huaxing": {Code: "DG-HX", Name: "东莞华兴针织厂", NameEn: "Dongguan Huaxing Knitting", Active: true},
}

type userFixture struct {
	email, phone, supplier string
	role                   models.Role
}

var userFixtures = map[string]userFixture{
	"admin":    {email: "admin@test.example", role: models.RoleAdmin},
	"merch":    {email: "merch@test.example", phone: "13800000001", role: models.RoleMerchandiser},
	"factory":  {email: "factory@test.example", phone: "13900000011", role: models.RoleFactory, supplier: "jinling"},
	"factory2": {email: "factory2@test.example", role: models.RoleFactory, supplier: "jinling"},
	"foreign":  {email: "foreign@test.example", role: models.RoleFactory, supplier: "huaxing"},
}

func newEnv(t *testing.T, db *models.DB, opts ...func(*Options)) *env {
	t.Helper()
	clock := testdb.NewClock()
	store := models.NewStore(db, clock, testdb.TokenKey)
	tokens, err := NewTokenIssuer(testJWTKey, nil, clock)
	if err != nil {
		t.Fatal(err)
	}
	o := Options{Store: store, DB: db, Tokens: tokens, Clock: clock}
	for _, f := range opts {
		f(&o)
	}
	e := &env{t: t, db: db, store: store, srv: New(o), clock: clock,
		suppliers: map[string]*models.Supplier{}, users: map[string]*models.User{}}
	ctx := context.Background()
	for _, name := range []string{"jinling", "huaxing"} {
		sp := supplierFixtures[name]
		if err := store.CreateSupplier(ctx, &sp); err != nil {
			t.Fatalf("fixture supplier %s: %v", name, err)
		}
		e.suppliers[name] = &sp
	}
	for _, name := range []string{"admin", "merch", "factory", "factory2", "foreign"} {
		f := userFixtures[name]
		u := &models.User{Name: "用户 " + name, Email: f.email, PasswordHash: testHash(), Role: f.role,
			Locale: models.LocaleZH, Active: true, CreatedAt: clock.Now(), UpdatedAt: clock.Now()}
		if f.phone != "" {
			p := f.phone
			u.Phone = &p
		}
		if f.supplier != "" {
			u.SupplierID = &e.suppliers[f.supplier].ID
		}
		if err := store.Gorm().Create(u).Error; err != nil {
			t.Fatalf("fixture user %s: %v", name, err)
		}
		e.users[name] = u
	}
	return e
}

// token issues an access token for a fixture user without a login round trip.
func (e *env) token(user string) string {
	e.t.Helper()
	if user == "" {
		return ""
	}
	u := e.users[user]
	st, err := e.store.GetAuthState(context.Background(), u.ID)
	if err != nil {
		e.t.Fatal(err)
	}
	tok, _, err := e.srv.tokens.Issue(u.ID, st.TokenVersion)
	if err != nil {
		e.t.Fatal(err)
	}
	return tok
}

type response struct {
	status int
	header http.Header
	body   []byte
}

func (r *response) json(t *testing.T) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(r.body, &m); err != nil {
		t.Fatalf("response is not a JSON object: %v: %s", err, r.body)
	}
	return m
}

// errorCode returns error.code of an error envelope.
func (r *response) errorCode(t *testing.T) string {
	t.Helper()
	m := r.json(t)
	e, ok := m["error"].(map[string]any)
	if !ok {
		t.Fatalf("no error envelope in %s", r.body)
	}
	code, _ := e["code"].(string)
	return code
}

type req struct {
	method, path string
	token        string // raw bearer token
	body         any    // marshalled to JSON unless string or []byte
	headers      map[string]string
}

func (e *env) do(r req) *response {
	e.t.Helper()
	var rd io.Reader
	switch b := r.body.(type) {
	case nil:
	case string:
		rd = strings.NewReader(b)
	case []byte:
		rd = bytes.NewReader(b)
	default:
		j, err := json.Marshal(b)
		if err != nil {
			e.t.Fatal(err)
		}
		rd = bytes.NewReader(j)
	}
	hr := httptest.NewRequest(r.method, r.path, rd)
	if rd != nil {
		hr.Header.Set("Content-Type", "application/json")
	}
	if r.token != "" {
		hr.Header.Set("Authorization", "Bearer "+r.token)
	}
	for k, v := range r.headers {
		hr.Header.Set(k, v)
	}
	res, err := e.srv.App().Test(hr, -1)
	if err != nil {
		e.t.Fatalf("%s %s: %v", r.method, r.path, err)
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	return &response{status: res.StatusCode, header: res.Header, body: body}
}

// as sends a request as a fixture user.
func (e *env) as(user, method, path string, body any) *response {
	e.t.Helper()
	return e.do(req{method: method, path: path, token: e.token(user), body: body})
}

// cookie returns the value of a Set-Cookie by name ("" if absent).
func (r *response) cookie(name string) (string, *http.Cookie) {
	for _, c := range (&http.Response{Header: r.header}).Cookies() {
		if c.Name == name {
			return c.Value, c
		}
	}
	return "", nil
}
