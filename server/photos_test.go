package server

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"hash/crc32"
	"image"
	"image/jpeg"
	"image/png"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"gorm.io/gorm"

	"gendan/models"
	"gendan/models/testdb"
	"gendan/storage"
	"gendan/storage/s3test"
)

// gpsJPEG is a JPEG whose APP1 Exif segment carries a camera name, an
// orientation and a GPS position.
func gpsJPEG(t testing.TB) []byte {
	jpg := smallJPEG(t)
	le := binary.LittleEndian
	var b bytes.Buffer
	b.WriteString("II")
	binary.Write(&b, le, uint16(42))
	binary.Write(&b, le, uint32(8))
	binary.Write(&b, le, uint16(2))
	// Make -> "SecretCam", GPSInfo -> IFD at 38.
	binary.Write(&b, le, []uint16{0x010F, 2})
	binary.Write(&b, le, []uint32{10, 44})
	binary.Write(&b, le, []uint16{0x8825, 4})
	binary.Write(&b, le, []uint32{1, 54})
	binary.Write(&b, le, uint32(0))
	b.WriteString("SecretCam\x00")
	binary.Write(&b, le, uint16(1))
	binary.Write(&b, le, []uint16{0x0001, 2})
	binary.Write(&b, le, []uint32{2, 'N'})
	binary.Write(&b, le, uint32(0))
	payload := append([]byte("Exif\x00\x00"), b.Bytes()...)
	seg := []byte{0xFF, 0xE1, byte((len(payload) + 2) >> 8), byte(len(payload) + 2)}
	return append(append(append([]byte{0xFF, 0xD8}, seg...), payload...), jpg[2:]...)
}

// objectCount counts objects in the env's bucket.
func (e *env) objectCount() int {
	n := 0
	if err := e.bucket.List(context.Background(), "", func(storage.ObjectInfo) error { n++; return nil }); err != nil {
		e.t.Fatal(err)
	}
	return n
}

func (e *env) photoRows() int64 {
	var n int64
	e.db.Gorm.Model(&models.Photo{}).Count(&n)
	return n
}

func TestPhotoUploadStripsMetadata(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		e := newEnv(t, db)
		src := gpsJPEG(t)
		if !bytes.Contains(src, []byte("SecretCam")) {
			t.Fatal("fixture lacks metadata")
		}
		r := e.upload("factory", src, nil)
		if r.status != 201 {
			t.Fatalf("upload: %d %s", r.status, r.body)
		}
		got := r.json(t)
		if got["width"] != float64(64) || got["height"] != float64(48) || got["bytes"].(float64) <= 0 || got["created_at"] == nil {
			t.Fatalf("response %v", got)
		}
		id := int64(got["id"].(float64))
		ph, err := e.store.GetPhoto(context.Background(), id)
		if err != nil {
			t.Fatal(err)
		}
		if ph.UploadedBy != e.users["factory"].ID || *ph.UploaderSupplierID != e.suppliers["jinling"].ID || ph.Attached() {
			t.Fatalf("row %+v", ph)
		}
		if e.objectCount() != 3 {
			t.Fatalf("%d objects, want 3", e.objectCount())
		}
		for _, size := range models.PhotoSizes {
			r := e.as("factory", "GET", fmt.Sprintf("/api/v1/photos/%d?size=%s", id, size), nil)
			if r.status != 200 || r.header.Get("Content-Type") != "image/jpeg" || r.header.Get("X-Content-Type-Options") != "nosniff" {
				t.Fatalf("%s: %d %v", size, r.status, r.header)
			}
			if bytes.Contains(r.body, []byte("SecretCam")) || bytes.Contains(r.body, []byte("Exif")) {
				t.Fatalf("%s keeps the EXIF data", size)
			}
			if _, err := jpeg.Decode(bytes.NewReader(r.body)); err != nil {
				t.Fatalf("%s does not decode: %v", size, err)
			}
			if size == models.SizeOriginal {
				sum := sha256.Sum256(r.body)
				if hex.EncodeToString(sum[:]) != ph.Sha256 || int64(len(r.body)) != ph.Bytes {
					t.Fatal("sha256/bytes in the row do not describe the stored original")
				}
			}
			if !strings.HasPrefix(r.header.Get("Cache-Control"), "private") {
				t.Errorf("%s: Cache-Control %q", size, r.header.Get("Cache-Control"))
			}
		}
	})
}

func TestPhotoBadFilesLeaveNothing(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		e := newEnv(t, db)
		jpg := smallJPEG(t)
		var bigPNG bytes.Buffer
		png.Encode(&bigPNG, image.NewGray(image.Rect(0, 0, 1, 1)))
		huge := bigPNG.Bytes()
		// Patch the IHDR to claim 20000×20000 and fix its CRC: a tiny file
		// that would decode to 1.6 GB.
		binary.BigEndian.PutUint32(huge[16:20], 20000)
		binary.BigEndian.PutUint32(huge[20:24], 20000)
		binary.BigEndian.PutUint32(huge[29:33], crc32.ChecksumIEEE(huge[12:29]))
		overLimit := append(append([]byte{}, jpg...), make([]byte, 15<<20+1-len(jpg))...)
		cases := []struct {
			name   string
			data   []byte
			status int
			code   string
		}{
			{"svg", []byte(`<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>`), 415, "unsupported_media_type"},
			{"html", []byte(`<html><script>alert(document.cookie)</script></html>`), 415, "unsupported_media_type"},
			{"polyglot", append([]byte{0xFF, 0xD8, 0xFF, 0xE0, 0, 16}, []byte(`JFIF<script>alert(1)</script>`)...), 415, "image_damaged"},
			{"truncated jpeg", jpg[:len(jpg)*2/3], 415, "image_damaged"},
			{"heic", append([]byte("\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic"), make([]byte, 100)...), 415, "heic_not_supported"},
			{"20k x 20k png", huge, 422, "image_too_large"},
			{"15 MiB + 1 byte", overLimit, 413, "file_too_large"},
		}
		for _, c := range cases {
			r := e.upload("factory", c.data, nil)
			if r.status != c.status || r.errorCode(t) != c.code {
				t.Errorf("%s: %d %s, want %d %s", c.name, r.status, r.body, c.status, c.code)
			}
			if c.name == "heic" && !strings.Contains(string(r.body), "JPEG") {
				t.Errorf("heic: the message does not ask for JPEG: %s", r.body)
			}
		}
		// Not multipart, and multipart without a file part.
		r := e.do(req{method: "POST", path: "/api/v1/photos", token: e.token("factory"), body: jpg,
			headers: map[string]string{"Content-Type": "image/jpeg"}})
		if r.status != 400 || r.errorCode(t) != "invalid_multipart" {
			t.Errorf("raw body: %d %s", r.status, r.body)
		}
		r = e.do(req{method: "POST", path: "/api/v1/photos", token: e.token("factory"),
			body: multipartBody{contentType: "multipart/form-data; boundary=xyz", data: []byte("--xyz\r\nContent-Disposition: form-data; name=\"note\"\r\n\r\nhi\r\n--xyz--\r\n")}})
		if r.status != 422 {
			t.Errorf("no file part: %d %s", r.status, r.body)
		}
		if n := e.photoRows(); n != 0 {
			t.Fatalf("%d photo rows after rejected uploads", n)
		}
		if n := e.objectCount(); n != 0 {
			t.Fatalf("%d objects after rejected uploads", n)
		}
		// The filename and declared type do not matter: PNG content named .jpg is fine.
		var p bytes.Buffer
		png.Encode(&p, image.NewRGBA(image.Rect(0, 0, 10, 10)))
		if r := e.upload("factory", p.Bytes(), nil); r.status != 201 {
			t.Fatalf("png content: %d %s", r.status, r.body)
		}
	})
}

// TestPhotoOverTransportLimit: a body over the server's ceiling is refused
// by the transport before any handler runs; the answer is still the JSON
// file_too_large. (app.Test cannot show this: it needs a real listener.)
func TestPhotoOverTransportLimit(t *testing.T) {
	e := newEnv(t, testdb.SQLite(t))
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go e.srv.App().Listener(ln)
	defer e.srv.App().Shutdown()
	// The transport answers as soon as it reads a Content-Length over the
	// ceiling, and closes: send the headers alone and read that answer.
	conn, err := net.Dial("tcp", ln.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	fmt.Fprintf(conn, "POST /api/v1/photos HTTP/1.1\r\nHost: gendan.test\r\nAuthorization: Bearer %s\r\n"+
		"Content-Type: multipart/form-data; boundary=xyz\r\nContent-Length: %d\r\n\r\n", e.token("factory"), 17<<20)
	conn.SetReadDeadline(time.Now().Add(5 * time.Second))
	res, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != 413 || !strings.Contains(string(body), `"file_too_large"`) {
		t.Fatalf("17 MiB upload: %d %s", res.StatusCode, body)
	}
	if e.photoRows() != 0 || e.objectCount() != 0 {
		t.Fatal("an oversized upload left something behind")
	}
}

func TestPhotoVisibilityAndCaching(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		e := newEnv(t, db)
		r := e.upload("factory", smallJPEG(t), nil)
		id := int64(r.json(t)["id"].(float64))
		url := fmt.Sprintf("/api/v1/photos/%d?size=thumb", id)
		// Unattached: the uploader only.
		want := map[string]int{"factory": 200, "factory2": 404, "foreign": 404, "merch": 404, "admin": 404}
		for who, status := range want {
			if r := e.as(who, "GET", url, nil); r.status != status {
				t.Errorf("unattached photo as %s: %d, want %d", who, r.status, status)
			}
		}
		if r := e.as("factory", "GET", fmt.Sprintf("/api/v1/photos/%d?size=huge", id), nil); r.status != 422 {
			t.Errorf("bad size: %d", r.status)
		}
		if r := e.as("factory", "GET", "/api/v1/photos/987654", nil); r.status != 404 {
			t.Errorf("missing photo: %d", r.status)
		}
		// Attached to a jinling object: staff and jinling users, not huaxing.
		f2 := e.users["factory2"]
		if err := e.store.AttachPhotos(e.store.Gorm(), []int64{id}, models.Uploader{UserID: f2.ID, SupplierID: f2.SupplierID},
			models.PhotoOwner{Kind: "test", ID: 7, SupplierID: e.suppliers["jinling"].ID}); err != nil {
			t.Fatalf("a colleague of the same supplier attaches: %v", err)
		}
		want = map[string]int{"factory": 200, "factory2": 200, "foreign": 404, "merch": 200, "admin": 200}
		for who, status := range want {
			if r := e.as(who, "GET", url, nil); r.status != status {
				t.Errorf("attached photo as %s: %d, want %d", who, r.status, status)
			}
		}
		first := e.as("merch", "GET", url, nil)
		etag := first.header.Get("ETag")
		if etag == "" {
			t.Fatal("no ETag")
		}
		r = e.do(req{method: "GET", path: url, token: e.token("merch"), headers: map[string]string{"If-None-Match": etag}})
		if r.status != 304 || len(r.body) != 0 {
			t.Fatalf("conditional GET: %d (%d bytes)", r.status, len(r.body))
		}
		r = e.do(req{method: "GET", path: url, token: e.token("foreign"), headers: map[string]string{"If-None-Match": etag}})
		if r.status != 404 {
			t.Fatalf("conditional GET by another supplier: %d", r.status)
		}
	})
}

func TestAttachPhotosRules(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		e := newEnv(t, db)
		id := func(user string) int64 {
			r := e.upload(user, smallJPEG(t), nil)
			if r.status != 201 {
				t.Fatalf("upload: %d %s", r.status, r.body)
			}
			return int64(r.json(t)["id"].(float64))
		}
		mine, colleague, foreign, staff := id("factory"), id("factory2"), id("foreign"), id("merch")
		f := e.users["factory"]
		by := models.Uploader{UserID: f.ID, SupplierID: f.SupplierID}
		owner := models.PhotoOwner{Kind: "progress_report", ID: 11, SupplierID: e.suppliers["jinling"].ID}
		attach := func(ids ...int64) error {
			return e.store.Gorm().Transaction(func(tx *gorm.DB) error { return e.store.AttachPhotos(tx, ids, by, owner) })
		}
		for name, ids := range map[string][]int64{
			"another supplier's photo": {mine, foreign},
			"a merchandiser's photo":   {staff},
			"a missing photo":          {mine, 999999},
			"the same photo twice":     {mine, mine},
		} {
			if err := attach(ids...); err == nil || !strings.Contains(err.Error(), "photo_ids") {
				t.Errorf("%s: %v", name, err)
			}
		}
		// Nothing was attached by the failed calls.
		ph, _ := e.store.GetPhoto(context.Background(), mine)
		if ph.Attached() {
			t.Fatal("a failed attach left the photo attached")
		}
		if err := attach(mine, colleague); err != nil {
			t.Fatalf("own and colleague's photos: %v", err)
		}
		if err := attach(mine); err == nil {
			t.Fatal("attached a photo twice")
		}
		ph, _ = e.store.GetPhoto(context.Background(), colleague)
		if ph.OwnerKind != "progress_report" || *ph.OwnerID != 11 || *ph.SupplierID != e.suppliers["jinling"].ID || ph.AttachedAt == nil {
			t.Fatalf("attached row %+v", ph)
		}
	})
}

func TestPhotoUploadIsIdempotent(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		e := newEnv(t, db)
		form := photoForm(t, smallJPEG(t))
		h := map[string]string{"Idempotency-Key": "outbox-photo-1"}
		a := e.do(req{method: "POST", path: "/api/v1/photos", token: e.token("factory"), body: form, headers: h})
		b := e.do(req{method: "POST", path: "/api/v1/photos", token: e.token("factory"), body: form, headers: h})
		if a.status != 201 || b.status != 201 || !bytes.Equal(a.body, b.body) {
			t.Fatalf("retry: %d %s / %d %s", a.status, a.body, b.status, b.body)
		}
		if e.photoRows() != 1 || e.objectCount() != 3 {
			t.Fatalf("%d rows, %d objects after a retried upload", e.photoRows(), e.objectCount())
		}
	})
}

func TestPhotoUploadFailuresLeaveNothing(t *testing.T) {
	db := testdb.SQLite(t)
	dir := filepath.Join(t.TempDir(), "objects")
	bucket, err := storage.NewLocal(dir)
	if err != nil {
		t.Fatal(err)
	}
	e := newEnv(t, db, func(o *Options) { o.Bucket = bucket })
	e.bucket = bucket
	// The disk goes away: a file now stands where the directory was.
	os.RemoveAll(dir)
	os.WriteFile(dir, []byte("not a directory"), 0o600)
	r := e.upload("factory", smallJPEG(t), nil)
	if r.status != 503 || r.errorCode(t) != "storage_unavailable" || r.header.Get("Retry-After") == "" {
		t.Fatalf("store down: %d %s %v", r.status, r.body, r.header)
	}
	if e.photoRows() != 0 {
		t.Fatal("a row was written although the objects were not")
	}
	if r := e.do(req{method: "GET", path: "/readyz"}); r.status != 503 {
		t.Fatalf("readyz with the store down: %d", r.status)
	}

	// The store is back but the row cannot be written: the objects go again.
	os.Remove(dir)
	os.MkdirAll(dir, 0o750)
	if err := db.Gorm.Exec("DROP TABLE photos").Error; err != nil {
		t.Fatal(err)
	}
	r = e.upload("factory", smallJPEG(t), nil)
	if r.status != 500 || r.errorCode(t) != "internal_error" || strings.Contains(string(r.body), "photos") {
		t.Fatalf("row failure: %d %s", r.status, r.body)
	}
	if n := e.objectCount(); n != 0 {
		t.Fatalf("%d objects left after the row failed", n)
	}
}

// TestPhotosOnS3 runs the pipeline against the S3 backend, streaming and
// presigned.
func TestPhotosOnS3(t *testing.T) {
	bucket := s3test.Bucket(t)
	db := testdb.SQLite(t)
	e := newEnv(t, db, func(o *Options) { o.Bucket = bucket })
	e.bucket = bucket
	id := e.fixturePhoto()
	r := e.as("merch", "GET", fmt.Sprintf("/api/v1/photos/%d?size=preview", id), nil)
	if r.status != 200 || r.header.Get("Content-Type") != "image/jpeg" {
		t.Fatalf("stream from S3: %d %v", r.status, r.header)
	}
	if _, err := jpeg.Decode(bytes.NewReader(r.body)); err != nil {
		t.Fatal(err)
	}

	// Presigned: a redirect the browser follows, allowed by the CSP.
	p := newEnvOn(t, e)
	p.srv = New(Options{Store: e.store, DB: e.db, Tokens: e.srv.tokens, Clock: e.clock, Bucket: bucket,
		PresignPhotos: true, ImageOrigin: bucket.Endpoint()})
	r = p.as("merch", "GET", fmt.Sprintf("/api/v1/photos/%d?size=thumb", id), nil)
	loc := r.header.Get("Location")
	if r.status != 302 || !strings.HasPrefix(loc, bucket.Endpoint()+"/") {
		t.Fatalf("presigned: %d %q", r.status, loc)
	}
	if csp := r.header.Get("Content-Security-Policy"); !strings.Contains(csp, "img-src 'self' data: blob: "+bucket.Endpoint()) {
		t.Fatalf("CSP does not allow the store's images: %s", csp)
	}
	res, err := httpGet(loc)
	if err != nil || res.status != 200 || res.header.Get("Content-Type") != "image/jpeg" {
		t.Fatalf("following the presigned URL: %v %+v", err, res)
	}
	// Another supplier gets no URL at all.
	if r := p.as("foreign", "GET", fmt.Sprintf("/api/v1/photos/%d", id), nil); r.status != 404 || r.header.Get("Location") != "" {
		t.Fatalf("presigned for another supplier: %d %q", r.status, r.header.Get("Location"))
	}
}

// httpGet fetches a URL outside the app (the object store).
func httpGet(u string) (*response, error) {
	res, err := http.Get(u)
	if err != nil {
		return nil, err
	}
	defer res.Body.Close()
	body, err := io.ReadAll(res.Body)
	return &response{status: res.StatusCode, header: res.Header, body: body}, err
}

// TestSignedPhotoURLs: the URLs in the upload response work without a
// token (as an <img> sends none), only as signed, only until they expire,
// and only while their user may still see the photo.
func TestSignedPhotoURLs(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		e := newEnv(t, db)
		r := e.upload("factory", smallJPEG(t), nil)
		urls := r.json(t)["urls"].(map[string]any)
		thumb := urls["thumb"].(string)
		for size, u := range urls {
			res := e.do(req{method: "GET", path: u.(string)})
			if res.status != 200 || res.header.Get("Content-Type") != "image/jpeg" {
				t.Fatalf("%s URL without a token: %d %s", size, res.status, res.body)
			}
		}
		// The same URL is issued for the rest of the hour (cacheable).
		again := e.upload("factory", smallJPEG(t), nil).json(t)["urls"].(map[string]any)["thumb"].(string)
		if strings.Split(again, "?")[1] == strings.Split(thumb, "?")[1] {
			t.Fatal("two photos share a signature")
		}
		tampered := []string{
			strings.Replace(thumb, "size=thumb", "size=original", 1),
			strings.Replace(thumb, "&sig=", "&sig=A", 1),
			strings.Replace(thumb, fmt.Sprintf("uid=%d", e.users["factory"].ID), fmt.Sprintf("uid=%d", e.users["admin"].ID), 1),
			strings.Split(thumb, "&sig=")[0],
		}
		for _, u := range tampered {
			if res := e.do(req{method: "GET", path: u}); res.status != 401 {
				t.Errorf("tampered %s: %d", u, res.status)
			}
		}
		// A photo id swapped into a valid signature fails too.
		other := e.fixturePhoto()
		swapped := fmt.Sprintf("/api/v1/photos/%d?%s", other, strings.SplitN(thumb, "?", 2)[1])
		if res := e.do(req{method: "GET", path: swapped}); res.status != 401 {
			t.Errorf("signature of another photo: %d", res.status)
		}
		// Expired after at most three hours.
		e.clock.Advance(3*time.Hour + time.Second)
		if res := e.do(req{method: "GET", path: thumb}); res.status != 401 || res.errorCode(t) != "invalid_photo_url" {
			t.Errorf("expired URL: %d %s", res.status, res.body)
		}
	})
}

func TestSignedPhotoURLFollowsCurrentRights(t *testing.T) {
	e := newEnv(t, testdb.SQLite(t))
	id := e.fixturePhoto() // attached to jinling
	p := &Principal{UserID: e.users["factory2"].ID}
	u := e.srv.photoURL(p, id, models.SizeThumb)
	if r := e.do(req{method: "GET", path: u}); r.status != 200 {
		t.Fatalf("colleague's URL: %d", r.status)
	}
	// factory2 moves to huaxing: the URL made before no longer shows jinling's photo.
	e.as("admin", "PATCH", fmt.Sprintf("/api/v1/users/%d", e.users["factory2"].ID), map[string]any{"supplier_id": e.suppliers["huaxing"].ID})
	if r := e.do(req{method: "GET", path: u}); r.status != 404 {
		t.Fatalf("URL after losing access: %d", r.status)
	}
	// A factory user left without a supplier (a database edit) gets 401, not a 500.
	if err := e.store.Gorm().Model(&models.User{}).Where("id = ?", e.users["factory2"].ID).Update("supplier_id", nil).Error; err != nil {
		t.Fatal(err)
	}
	if r := e.do(req{method: "GET", path: u}); r.status != 401 {
		t.Fatalf("URL of a factory user without a supplier: %d %s", r.status, r.body)
	}
	e.as("admin", "PATCH", fmt.Sprintf("/api/v1/users/%d", e.users["factory2"].ID), map[string]any{"active": false})
	if r := e.do(req{method: "GET", path: u}); r.status != 401 {
		t.Fatalf("URL of a disabled user: %d", r.status)
	}
}
