package storage

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/url"
	"strconv"
	"time"

	"github.com/minio/minio-go/v7"
	"github.com/minio/minio-go/v7/pkg/credentials"
)

// S3Config says how to reach an S3-compatible bucket.
type S3Config struct {
	Endpoint  string // host:port
	AccessKey string
	SecretKey string
	Bucket    string
	Region    string
	Secure    bool
	// PathStyle forces path-style bucket lookup (MinIO, versitygw and most
	// self-hosted stores need it).
	PathStyle bool
}

// ParseS3URL reads s3://ACCESS:SECRET@host:port/bucket?secure=false&region=r.
func ParseS3URL(raw string) (S3Config, error) {
	u, err := url.Parse(raw)
	if err != nil || u.Scheme != "s3" {
		return S3Config{}, errors.New("GENDAN_STORAGE: want s3://ACCESS:SECRET@host:port/bucket")
	}
	c := S3Config{Endpoint: u.Host, Bucket: trimSlash(u.Path), Secure: true, PathStyle: true, Region: u.Query().Get("region")}
	if u.User != nil {
		c.AccessKey = u.User.Username()
		c.SecretKey, _ = u.User.Password()
	}
	if s := u.Query().Get("secure"); s != "" {
		if c.Secure, err = strconv.ParseBool(s); err != nil {
			return S3Config{}, errors.New("GENDAN_STORAGE: secure must be true or false")
		}
	}
	if s := u.Query().Get("path_style"); s != "" {
		c.PathStyle, _ = strconv.ParseBool(s)
	}
	return c, c.validate()
}

func trimSlash(s string) string {
	for len(s) > 0 && s[0] == '/' {
		s = s[1:]
	}
	for len(s) > 0 && s[len(s)-1] == '/' {
		s = s[:len(s)-1]
	}
	return s
}

func (c S3Config) validate() error {
	switch {
	case c.Endpoint == "":
		return errors.New("S3 storage: no endpoint (host:port)")
	case c.Bucket == "":
		return errors.New("S3 storage: no bucket")
	case c.AccessKey == "" || c.SecretKey == "":
		return errors.New("S3 storage: access key and secret key are required")
	}
	return nil
}

// S3 keeps objects in an S3-compatible bucket through minio-go.
type S3 struct {
	client *minio.Client
	bucket string
}

var _ Bucket = (*S3)(nil)

// NewS3 connects and creates the bucket if it is missing. The bucket is
// left private: objects are read through the server or presigned URLs.
func NewS3(ctx context.Context, c S3Config) (*S3, error) {
	if err := c.validate(); err != nil {
		return nil, err
	}
	opts := &minio.Options{Creds: credentials.NewStaticV4(c.AccessKey, c.SecretKey, ""), Secure: c.Secure, Region: c.Region}
	if c.PathStyle {
		opts.BucketLookup = minio.BucketLookupPath
	}
	client, err := minio.New(c.Endpoint, opts)
	if err != nil {
		return nil, fmt.Errorf("S3 storage: %w", err)
	}
	s := &S3{client: client, bucket: c.Bucket}
	exists, err := client.BucketExists(ctx, c.Bucket)
	if err != nil {
		return nil, fmt.Errorf("S3 storage: %w", s.classify(err))
	}
	if !exists {
		if err := client.MakeBucket(ctx, c.Bucket, minio.MakeBucketOptions{Region: c.Region}); err != nil {
			// Another node may have made it meanwhile.
			if ok, _ := client.BucketExists(ctx, c.Bucket); !ok {
				return nil, fmt.Errorf("S3 storage: create bucket %s: %w", c.Bucket, s.classify(err))
			}
		}
	}
	return s, nil
}

// classify marks network failures and server errors as ErrUnavailable.
func (s *S3) classify(err error) error {
	if err == nil {
		return nil
	}
	var ne net.Error
	var oe *net.OpError
	if errors.As(err, &ne) || errors.As(err, &oe) || errors.Is(err, context.DeadlineExceeded) {
		return fmt.Errorf("%w: %v", ErrUnavailable, err)
	}
	resp := minio.ToErrorResponse(err)
	switch {
	case resp.Code == "NoSuchKey" || resp.StatusCode == 404 && resp.Code != "NoSuchBucket":
		return ErrNotExist
	case resp.StatusCode >= 500 || resp.Code == "NoSuchBucket" || resp.StatusCode == 0:
		return fmt.Errorf("%w: %v", ErrUnavailable, err)
	}
	return err
}

// Put uploads an object; S3 makes it visible only when complete.
func (s *S3) Put(ctx context.Context, key string, r io.Reader, size int64, contentType string) error {
	if err := ValidateKey(key); err != nil {
		return err
	}
	_, err := s.client.PutObject(ctx, s.bucket, key, r, size, minio.PutObjectOptions{ContentType: contentType})
	return s.classify(err)
}

// Open streams an object; the first read happens here so a missing key is
// reported now rather than on the first Read.
func (s *S3) Open(ctx context.Context, key string) (io.ReadCloser, ObjectInfo, error) {
	if err := ValidateKey(key); err != nil {
		return nil, ObjectInfo{}, err
	}
	obj, err := s.client.GetObject(ctx, s.bucket, key, minio.GetObjectOptions{})
	if err != nil {
		return nil, ObjectInfo{}, s.classify(err)
	}
	st, err := obj.Stat()
	if err != nil {
		obj.Close()
		return nil, ObjectInfo{}, s.classify(err)
	}
	return obj, toInfo(st), nil
}

func toInfo(st minio.ObjectInfo) ObjectInfo {
	return ObjectInfo{Key: st.Key, Size: st.Size, ContentType: st.ContentType, ModTime: st.LastModified.UTC()}
}

// Stat describes an object.
func (s *S3) Stat(ctx context.Context, key string) (ObjectInfo, error) {
	if err := ValidateKey(key); err != nil {
		return ObjectInfo{}, err
	}
	st, err := s.client.StatObject(ctx, s.bucket, key, minio.StatObjectOptions{})
	if err != nil {
		return ObjectInfo{}, s.classify(err)
	}
	return toInfo(st), nil
}

// Delete removes an object (S3 deletes of missing keys succeed).
func (s *S3) Delete(ctx context.Context, key string) error {
	if err := ValidateKey(key); err != nil {
		return err
	}
	return s.classify(s.client.RemoveObject(ctx, s.bucket, key, minio.RemoveObjectOptions{}))
}

// List pages through the keys under a prefix.
func (s *S3) List(ctx context.Context, prefix string, fn func(ObjectInfo) error) error {
	if err := validatePrefix(prefix); err != nil {
		return err
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	for obj := range s.client.ListObjects(ctx, s.bucket, minio.ListObjectsOptions{Prefix: prefix, Recursive: true}) {
		if obj.Err != nil {
			return s.classify(obj.Err)
		}
		if err := fn(toInfo(obj)); err != nil {
			return err
		}
	}
	return nil
}

// PresignGet returns a GET URL valid for ttl (at most 7 days, S3's limit).
func (s *S3) PresignGet(ctx context.Context, key string, ttl time.Duration) (string, error) {
	if err := ValidateKey(key); err != nil {
		return "", err
	}
	u, err := s.client.PresignedGetObject(ctx, s.bucket, key, ttl, nil)
	if err != nil {
		return "", s.classify(err)
	}
	return u.String(), nil
}

// Ping checks the bucket answers.
func (s *S3) Ping(ctx context.Context) error {
	ok, err := s.client.BucketExists(ctx, s.bucket)
	if err != nil {
		return s.classify(err)
	}
	if !ok {
		return fmt.Errorf("%w: bucket %s is gone", ErrUnavailable, s.bucket)
	}
	return nil
}

// Endpoint is the store's origin (scheme://host:port), for the CSP of
// presigned image URLs.
func (s *S3) Endpoint() string {
	return s.client.EndpointURL().Scheme + "://" + s.client.EndpointURL().Host
}
