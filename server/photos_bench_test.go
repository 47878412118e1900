package server

import (
	"bytes"
	"io"
	"net/http/httptest"
	"sync"
	"testing"

	"gendan/models/testdb"
	"gendan/server/photo/phototest"
	"gendan/storage"
	"gendan/storage/s3test"
)

var (
	phoneOnce  sync.Once
	phonePhoto []byte
)

// phone12MP is a 4000×3000 JPEG of about 8 MB with EXIF, as a phone takes.
func phone12MP(b *testing.B) []byte {
	phoneOnce.Do(func() { phonePhoto = phototest.WithExif(phototest.MakeJPEG(b, 4000, 3000, 97), 6) })
	return phonePhoto
}

func benchUpload(b *testing.B, bucket storage.Bucket) {
	e := newEnv(b, testdb.SQLite(b), func(o *Options) { o.Bucket = bucket })
	form := photoForm(b, phone12MP(b))
	tok := e.token("factory")
	b.SetBytes(int64(len(form.data)))
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		hr := httptest.NewRequest("POST", "/api/v1/photos", bytes.NewReader(form.data))
		hr.Header.Set("Content-Type", form.contentType)
		hr.Header.Set("Authorization", "Bearer "+tok)
		res, err := e.srv.App().Test(hr, -1)
		if err != nil {
			b.Fatal(err)
		}
		io.Copy(io.Discard, res.Body)
		res.Body.Close()
		if res.StatusCode != 201 {
			b.Fatalf("upload: %d", res.StatusCode)
		}
	}
}

// BenchmarkUploadLocal: an 8 MB 12 MP upload through the whole HTTP stack
// to the local-disk store (MB/s is of the request body).
func BenchmarkUploadLocal(b *testing.B) {
	bucket, err := storage.NewLocal(b.TempDir())
	if err != nil {
		b.Fatal(err)
	}
	benchUpload(b, bucket)
}

// BenchmarkUploadS3: the same against versitygw on loopback.
func BenchmarkUploadS3(b *testing.B) {
	benchUpload(b, s3test.Bucket(b))
}
