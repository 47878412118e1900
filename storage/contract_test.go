package storage_test

import (
	"context"
	"errors"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"gendan/storage"
	"gendan/storage/s3test"
)

func TestMain(m *testing.M) {
	code := m.Run()
	s3test.Stop()
	os.Exit(code)
}

// backends runs the contract against every implementation.
func backends(t *testing.T, fn func(t *testing.T, b storage.Bucket)) {
	t.Run("local", func(t *testing.T) {
		b, err := storage.NewLocal(filepath.Join(t.TempDir(), "objects"))
		if err != nil {
			t.Fatal(err)
		}
		fn(t, b)
	})
	t.Run("s3", func(t *testing.T) { fn(t, s3test.Bucket(t)) })
}

func put(t *testing.T, b storage.Bucket, key, body string) {
	t.Helper()
	if err := b.Put(context.Background(), key, strings.NewReader(body), int64(len(body)), "image/jpeg"); err != nil {
		t.Fatalf("put %s: %v", key, err)
	}
}

func read(t *testing.T, b storage.Bucket, key string) (string, storage.ObjectInfo) {
	t.Helper()
	rc, info, err := b.Open(context.Background(), key)
	if err != nil {
		t.Fatalf("open %s: %v", key, err)
	}
	defer rc.Close()
	data, err := io.ReadAll(rc)
	if err != nil {
		t.Fatal(err)
	}
	return string(data), info
}

func TestContractRoundTrip(t *testing.T) {
	backends(t, func(t *testing.T, b storage.Bucket) {
		ctx := context.Background()
		if err := b.Ping(ctx); err != nil {
			t.Fatalf("ping: %v", err)
		}
		body := strings.Repeat("照片数据", 5000)
		put(t, b, "photos/2026/11/abc/original.jpg", body)
		got, info := read(t, b, "photos/2026/11/abc/original.jpg")
		if got != body || info.Size != int64(len(body)) || info.ContentType != "image/jpeg" {
			t.Fatalf("round trip: %d bytes, info %+v", len(got), info)
		}
		st, err := b.Stat(ctx, "photos/2026/11/abc/original.jpg")
		if err != nil || st.Size != int64(len(body)) || st.ModTime.IsZero() {
			t.Fatalf("stat: %+v %v", st, err)
		}
		// Overwrite replaces the whole object.
		put(t, b, "photos/2026/11/abc/original.jpg", "short")
		if got, _ := read(t, b, "photos/2026/11/abc/original.jpg"); got != "short" {
			t.Fatalf("after overwrite: %q", got)
		}
		// Missing objects.
		if _, _, err := b.Open(ctx, "photos/missing.jpg"); !errors.Is(err, storage.ErrNotExist) {
			t.Fatalf("open missing: %v", err)
		}
		if _, err := b.Stat(ctx, "photos/missing.jpg"); !errors.Is(err, storage.ErrNotExist) {
			t.Fatalf("stat missing: %v", err)
		}
		// Delete, and deleting again is fine.
		if err := b.Delete(ctx, "photos/2026/11/abc/original.jpg"); err != nil {
			t.Fatal(err)
		}
		if err := b.Delete(ctx, "photos/2026/11/abc/original.jpg"); err != nil {
			t.Fatalf("second delete: %v", err)
		}
		if _, err := b.Stat(ctx, "photos/2026/11/abc/original.jpg"); !errors.Is(err, storage.ErrNotExist) {
			t.Fatalf("stat after delete: %v", err)
		}
	})
}

func TestContractList(t *testing.T) {
	backends(t, func(t *testing.T, b storage.Bucket) {
		for _, k := range []string{"photos/a/1.jpg", "photos/a/2.jpg", "photos/b/1.jpg", "photosx/1.jpg", "other/1.jpg"} {
			put(t, b, k, k)
		}
		var keys []string
		err := b.List(context.Background(), "photos/", func(o storage.ObjectInfo) error {
			keys = append(keys, o.Key)
			if o.Size != int64(len(o.Key)) {
				t.Errorf("%s: size %d", o.Key, o.Size)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		if strings.Join(keys, ",") != "photos/a/1.jpg,photos/a/2.jpg,photos/b/1.jpg" {
			t.Fatalf("list photos/: %v", keys)
		}
		keys = nil
		b.List(context.Background(), "photos", func(o storage.ObjectInfo) error { keys = append(keys, o.Key); return nil })
		if len(keys) != 4 {
			t.Fatalf("list photos (no slash) should include photosx: %v", keys)
		}
		// fn's error stops the walk and comes back.
		stop := errors.New("stop")
		n := 0
		if err := b.List(context.Background(), "", func(storage.ObjectInfo) error { n++; return stop }); !errors.Is(err, stop) || n != 1 {
			t.Fatalf("stop: %v after %d", err, n)
		}
	})
}

func TestContractRejectsBadKeys(t *testing.T) {
	bad := []string{"", "/etc/passwd", "../escape.jpg", "a/../../b.jpg", "a/./b.jpg", "a//b.jpg", "a/b/", "nul\x00.jpg",
		`a\..\b.jpg`, "photos/%2e%2e/x", "空格 name.jpg"}
	backends(t, func(t *testing.T, b storage.Bucket) {
		ctx := context.Background()
		for _, k := range bad {
			if err := b.Put(ctx, k, strings.NewReader("x"), 1, "text/plain"); !errors.Is(err, storage.ErrInvalidKey) {
				t.Errorf("put %q: %v", k, err)
			}
			if _, _, err := b.Open(ctx, k); !errors.Is(err, storage.ErrInvalidKey) {
				t.Errorf("open %q: %v", k, err)
			}
			if _, err := b.Stat(ctx, k); !errors.Is(err, storage.ErrInvalidKey) {
				t.Errorf("stat %q: %v", k, err)
			}
			if err := b.Delete(ctx, k); !errors.Is(err, storage.ErrInvalidKey) {
				t.Errorf("delete %q: %v", k, err)
			}
		}
		if err := b.List(ctx, "../", func(storage.ObjectInfo) error { return nil }); !errors.Is(err, storage.ErrInvalidKey) {
			t.Errorf("list ../: %v", err)
		}
	})
}

func TestContractFailedPutLeavesNothing(t *testing.T) {
	backends(t, func(t *testing.T, b storage.Bucket) {
		ctx := context.Background()
		// The reader fails half-way: no object may appear.
		r := io.MultiReader(strings.NewReader(strings.Repeat("x", 1<<16)), errReader{})
		if err := b.Put(ctx, "photos/torn.jpg", r, 1<<17, "image/jpeg"); err == nil {
			t.Fatal("put from a failing reader succeeded")
		}
		if _, err := b.Stat(ctx, "photos/torn.jpg"); !errors.Is(err, storage.ErrNotExist) {
			t.Fatalf("a torn object is visible: %v", err)
		}
		var n int
		b.List(ctx, "", func(storage.ObjectInfo) error { n++; return nil })
		if n != 0 {
			t.Fatalf("%d objects after a failed put", n)
		}
	})
}

type errReader struct{}

func (errReader) Read([]byte) (int, error) { return 0, errors.New("connection lost") }

func TestPresignedURLs(t *testing.T) {
	local, _ := storage.NewLocal(t.TempDir())
	if _, err := local.PresignGet(context.Background(), "a.jpg", time.Minute); !errors.Is(err, storage.ErrPresignUnsupported) {
		t.Fatalf("local presign: %v", err)
	}
	b := s3test.Bucket(t)
	put(t, b, "photos/p.jpg", "presigned-body")
	u, err := b.PresignGet(context.Background(), "photos/p.jpg", time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	res, err := http.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	data, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != 200 || string(data) != "presigned-body" {
		t.Fatalf("presigned GET: %d %q", res.StatusCode, data)
	}
	// The bucket is private: the same URL without the signature is refused.
	res, err = http.Get(strings.SplitN(u, "?", 2)[0])
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode == 200 {
		t.Fatal("anonymous GET of a private object succeeded")
	}
}

func TestUnavailableStores(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	// Nothing listens on port 9 of loopback.
	_, err := storage.NewS3(ctx, storage.S3Config{Endpoint: "127.0.0.1:9", AccessKey: "a", SecretKey: "b", Bucket: "x", PathStyle: true})
	if !storage.IsUnavailable(err) {
		t.Fatalf("S3 on a closed port: %v", err)
	}
	dir := filepath.Join(t.TempDir(), "objects")
	local, err := storage.NewLocal(dir)
	if err != nil {
		t.Fatal(err)
	}
	os.RemoveAll(dir)
	if err := local.Ping(ctx); !storage.IsUnavailable(err) {
		t.Fatalf("local ping with the directory gone: %v", err)
	}
}

func TestOpenFromConfig(t *testing.T) {
	env := func(string) string { return "" }
	b, err := storage.Open(context.Background(), "", t.TempDir(), env)
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := b.(*storage.Local); !ok {
		t.Fatalf("default storage is %T", b)
	}
	if _, err := storage.Open(context.Background(), "ftp://x", "", env); err == nil {
		t.Fatal("ftp:// accepted")
	}
	c, err := storage.ParseS3URL("s3://AK:S%2FK@minio:9000/gendan-photos?secure=false&region=cn-east-1")
	if err != nil {
		t.Fatal(err)
	}
	want := storage.S3Config{Endpoint: "minio:9000", AccessKey: "AK", SecretKey: "S/K", Bucket: "gendan-photos", Region: "cn-east-1", Secure: false, PathStyle: true}
	if c != want {
		t.Fatalf("parsed %+v", c)
	}
	for _, bad := range []string{"s3://minio:9000/b", "s3://a:b@/b", "s3://a:b@minio:9000/", "s3://a:b@h:1/b?secure=maybe"} {
		if _, err := storage.ParseS3URL(bad); err == nil {
			t.Errorf("%s accepted", bad)
		}
	}
	cfg := s3test.Config(t)
	vars := map[string]string{"GENDAN_S3_ENDPOINT": cfg.Endpoint, "GENDAN_S3_ACCESS_KEY": cfg.AccessKey,
		"GENDAN_S3_SECRET_KEY": cfg.SecretKey, "GENDAN_S3_BUCKET": cfg.Bucket, "GENDAN_S3_SECURE": "false"}
	b, err = storage.Open(context.Background(), "", "", func(k string) string { return vars[k] })
	if err != nil {
		t.Fatalf("S3 from GENDAN_S3_*: %v", err)
	}
	if err := b.Ping(context.Background()); err != nil {
		t.Fatalf("ping the bucket it created: %v", err)
	}
}
