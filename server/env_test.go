package server

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"image"
	"image/jpeg"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"gendan/models"
	"gendan/models/testdb"
	"gendan/storage"
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
	t         testing.TB
	db        *models.DB
	store     *models.Store
	srv       *Server
	clock     *testdb.Clock
	suppliers map[string]*models.Supplier
	users     map[string]*models.User
	bucket    storage.Bucket
	photoID   int64
	orderID   int64
	customer  int64
	wh        *models.Warehouse // matrixWarehouse
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
	// qc inspects jinling's goods; qcforeign huaxing's.
	"qc":        {email: "qc@test.example", role: models.RoleQC, supplier: "jinling"},
	"qcforeign": {email: "qc2@test.example", role: models.RoleQC, supplier: "huaxing"},
}

func newEnv(t testing.TB, db *models.DB, opts ...func(*Options)) *env {
	t.Helper()
	clock := testdb.NewClock()
	store := models.NewStore(db, clock, testdb.TokenKey)
	tokens, err := NewTokenIssuer(testJWTKey, nil, clock)
	if err != nil {
		t.Fatal(err)
	}
	bucket, err := storage.NewLocal(filepath.Join(t.TempDir(), "objects"))
	if err != nil {
		t.Fatal(err)
	}
	o := Options{Store: store, DB: db, Tokens: tokens, Clock: clock, Bucket: bucket, PushPublicKey: testPushKey}
	for _, f := range opts {
		f(&o)
	}
	e := &env{t: t, db: db, store: store, srv: New(o), clock: clock,
		suppliers: map[string]*models.Supplier{}, users: map[string]*models.User{}, bucket: o.Bucket}
	ctx := context.Background()
	for _, name := range []string{"jinling", "huaxing"} {
		sp := supplierFixtures[name]
		if err := store.CreateSupplier(ctx, &sp); err != nil {
			t.Fatalf("fixture supplier %s: %v", name, err)
		}
		e.suppliers[name] = &sp
	}
	for _, name := range []string{"admin", "merch", "factory", "factory2", "foreign", "qc", "qcforeign"} {
		f := userFixtures[name]
		u := &models.User{Name: "用户 " + name, Email: f.email, PasswordHash: testHash(), Role: f.role,
			Locale: models.LocaleZH, Active: true, CreatedAt: clock.Now(), UpdatedAt: clock.Now()}
		if f.phone != "" {
			p := f.phone
			u.Phone = &p
		}
		if f.supplier != "" && f.role == models.RoleFactory {
			u.SupplierID = &e.suppliers[f.supplier].ID
		}
		if err := store.Gorm().Create(u).Error; err != nil {
			t.Fatalf("fixture user %s: %v", name, err)
		}
		if f.role == models.RoleQC {
			if err := store.Gorm().Create(&models.UserSupplier{UserID: u.ID, SupplierID: e.suppliers[f.supplier].ID}).Error; err != nil {
				t.Fatalf("fixture qc %s: %v", name, err)
			}
		}
		e.users[name] = u
	}
	// Whatever a test did, every order's stored plan summary must still be
	// the one its steps give (models/plan_summary.go).
	t.Cleanup(func() {
		stale, err := store.CheckPlanSummaries(context.Background())
		if err != nil && strings.Contains(err.Error(), "database is closed") {
			return // the test closed it (readiness)
		}
		if err != nil {
			t.Errorf("check plan summaries: %v", err)
		}
		risks, err := store.CheckRisks(context.Background())
		if err != nil {
			t.Errorf("check risks: %v", err)
		}
		for _, r := range risks {
			t.Errorf("order %d: stored risk %s is stale: want %s", r.OrderID, r.Stored, r.Want)
		}
		for _, st := range stale {
			t.Errorf("order %d: stored plan summary (next %v, earliest %q) is stale: want next %v, earliest %q",
				st.OrderID, ptrText(st.StoredNext), st.StoredEarliest, ptrText(st.WantNext), st.WantEarliest)
		}
	})
	return e
}

func ptrText(p *int64) string {
	if p == nil {
		return "none"
	}
	return fmt.Sprint(*p)
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

func (r *response) json(t testing.TB) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(r.body, &m); err != nil {
		t.Fatalf("response is not a JSON object: %v: %s", err, r.body)
	}
	return m
}

// errorCode returns error.code of an error envelope.
func (r *response) errorCode(t testing.TB) string {
	t.Helper()
	m := r.json(t)
	e, ok := m["error"].(map[string]any)
	if !ok {
		t.Fatalf("no error envelope in %s", r.body)
	}
	code, _ := e["code"].(string)
	return code
}

// fieldCode returns the code of one field's problem in a 422 ("" if none).
func (r *response) fieldCode(t testing.TB, field string) string {
	t.Helper()
	e, _ := r.json(t)["error"].(map[string]any)
	fields, _ := e["fields"].(map[string]any)
	f, _ := fields[field].(map[string]any)
	code, _ := f["code"].(string)
	return code
}

type req struct {
	method, path string
	token        string // raw bearer token
	body         any    // marshalled to JSON unless string, []byte or multipartBody
	headers      map[string]string
}

// multipartBody is a ready multipart/form-data request body.
type multipartBody struct {
	contentType string
	data        []byte
}

// photoForm wraps file bytes as the multipart upload the PWA sends.
func photoForm(t testing.TB, data []byte) multipartBody {
	t.Helper()
	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	fw, err := w.CreateFormFile("file", "IMG_0001.jpg")
	if err != nil {
		t.Fatal(err)
	}
	fw.Write(data)
	w.Close()
	return multipartBody{contentType: w.FormDataContentType(), data: buf.Bytes()}
}

// smallJPEG is a valid 64×48 JPEG.
func smallJPEG(t testing.TB) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, 64, 48))
	for i := range img.Pix {
		img.Pix[i] = byte(i * 7)
	}
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, img, nil); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// upload posts a photo as a fixture user.
func (e *env) upload(user string, data []byte, headers map[string]string) *response {
	e.t.Helper()
	return e.do(req{method: "POST", path: "/api/v1/photos", token: e.token(user), body: photoForm(e.t, data), headers: headers})
}

// fixturePhoto is a photo uploaded by "factory" and attached to an object
// of its supplier (jinling).
func (e *env) fixturePhoto() int64 {
	e.t.Helper()
	if e.photoID != 0 {
		return e.photoID
	}
	r := e.upload("factory", smallJPEG(e.t), nil)
	if r.status != 201 {
		e.t.Fatalf("fixture photo: %d %s", r.status, r.body)
	}
	id := int64(r.json(e.t)["id"].(float64))
	f := e.users["factory"]
	err := e.store.AttachPhotos(e.store.Gorm(), []int64{id}, models.Uploader{UserID: f.ID, SupplierID: f.SupplierID},
		models.PhotoOwner{Kind: "test", ID: 1, SupplierID: e.suppliers["jinling"].ID})
	if err != nil {
		e.t.Fatal(err)
	}
	e.photoID = id
	return id
}

func (e *env) do(r req) *response {
	e.t.Helper()
	res, hr, err := e.send(r)
	if err != nil {
		e.t.Fatal(err)
	}
	if err := checkResponse(hr, res.status, res.header, res.body); err != nil {
		e.t.Errorf("%s %s → %d does not match openapi.yaml: %v", r.method, r.path, res.status, err)
	}
	return res
}

// send makes and sends a request without *testing.T (safe from goroutines)
// and returns the response with the request it answers.
func (e *env) send(r req) (*response, *http.Request, error) {
	var rd io.Reader
	switch b := r.body.(type) {
	case nil:
	case string:
		rd = strings.NewReader(b)
	case []byte:
		rd = bytes.NewReader(b)
	case multipartBody:
		rd = bytes.NewReader(b.data)
	default:
		j, err := json.Marshal(b)
		if err != nil {
			return nil, nil, err
		}
		rd = bytes.NewReader(j)
	}
	hr := httptest.NewRequest(r.method, r.path, rd)
	if mb, ok := r.body.(multipartBody); ok {
		hr.Header.Set("Content-Type", mb.contentType)
	} else if rd != nil {
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
		return nil, nil, fmt.Errorf("%s %s: %w", r.method, r.path, err)
	}
	defer res.Body.Close()
	body, err := io.ReadAll(res.Body)
	if err != nil {
		return nil, nil, err
	}
	return &response{status: res.StatusCode, header: res.Header, body: body}, hr, nil
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

// newOrderInput is a valid order for the jinling factory.
func (e *env) newOrderInput(po string) models.OrderInput {
	e.t.Helper()
	if e.customer == 0 {
		c := &models.Customer{Name: "Northwind 测试客户", ContactEmail: "buyer@northwind.example"}
		if err := e.store.CreateCustomer(context.Background(), c); err != nil {
			e.t.Fatal(err)
		}
		e.customer = c.ID
	}
	if err := e.store.EnsureReferenceData(context.Background()); err != nil {
		e.t.Fatal(err)
	}
	str := func(v string) *string { return &v }
	cid, sid, tid := e.customer, e.suppliers["jinling"].ID, e.apparel()
	lines := []models.OrderLine{{Colour: "Navy 藏青", Size: "M", Quantity: 600}, {Colour: "Navy 藏青", Size: "L", Quantity: 400}}
	return models.OrderInput{PONumber: str(po), CustomerID: &cid, SupplierID: &sid, TemplateID: &tid, StyleNo: str("ST-1"), StyleName: str("夹克 Jacket"),
		ExFactoryDate: str(e.clock.Now().AddDate(0, 0, 60).Format(models.DateLayout)), ShipMode: str("sea"),
		UnitPrice: str("12.5000"), Currency: str("USD"), InternalNotes: str("secret margin note"), Lines: &lines}
}

// apparel is the id of the default apparel template (which orders confirm
// with unless a test picks another).
func (e *env) apparel() int64 {
	e.t.Helper()
	if err := e.store.EnsureReferenceData(context.Background()); err != nil {
		e.t.Fatal(err)
	}
	t, err := e.store.GetTemplateByCode(context.Background(), "apparel")
	if err != nil {
		e.t.Fatal(err)
	}
	return t.ID
}

// draftOrder creates a draft order of the jinling factory.
func (e *env) draftOrder() int64 {
	e.t.Helper()
	o, err := e.store.CreateOrder(context.Background(), e.newOrderInput(fmt.Sprintf("PO-%d", seq.Add(1))), e.users["merch"].ID)
	if err != nil {
		e.t.Fatal(err)
	}
	return o.ID
}

// fixtureOrder is a confirmed order of the jinling factory (the "factory"
// fixture's supplier), with its milestones.
func (e *env) fixtureOrder() int64 {
	e.t.Helper()
	if e.orderID != 0 {
		return e.orderID
	}
	id := e.draftOrder()
	if _, err := e.store.ConfirmOrder(context.Background(), id, nil, models.LateKeep, e.users["merch"].ID); err != nil {
		e.t.Fatal(err)
	}
	e.orderID = id
	return id
}

// fixtureMilestone is a milestone of the fixture order that counts a quantity.
func (e *env) fixtureMilestone() int64 {
	e.t.Helper()
	ms, err := e.store.ListMilestones(context.Background(), e.fixtureOrder())
	if err != nil {
		e.t.Fatal(err)
	}
	for _, m := range ms {
		if m.QuantityKind != "" {
			return m.ID
		}
	}
	e.t.Fatal("no quantity milestone")
	return 0
}
