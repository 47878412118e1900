package server

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"mime"
	"mime/multipart"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"gendan/models"
	"gendan/server/photo"
	"gendan/storage"
)

const (
	// photoLimit is the largest photo accepted; one byte more is a 413.
	photoLimit = photo.DefaultMaxSize
	// photoBodyLimit leaves room for the multipart framing around it.
	photoBodyLimit = photoLimit + 256<<10
	// presignTTL is how long a redirect to the object store stays valid.
	presignTTL = 5 * time.Minute
)

type photoResponse struct {
	ID        int64     `json:"id"`
	Width     int       `json:"width"`
	Height    int       `json:"height"`
	Bytes     int64     `json:"bytes"`
	CreatedAt time.Time `json:"created_at"`
	URLs      photoURLs `json:"urls"`
}

var (
	errNotMultipart = apiError(fiber.StatusBadRequest, "invalid_multipart",
		"Send the photo as multipart/form-data with one part named \"file\".")
	errFileTooLarge = apiError(fiber.StatusRequestEntityTooLarge, "file_too_large",
		fmt.Sprintf("A photo may be at most %d MiB.", photoLimit>>20))
	errStorageDown = &APIError{Status: fiber.StatusServiceUnavailable, Code: "storage_unavailable",
		Message: "Photo storage is not reachable right now; the upload will be retried.", RetryAfter: 30}
)

// filePart finds the multipart part named "file" in an in-memory body. The
// body is read where it lies: nothing is copied into a second buffer.
func filePart(body []byte, contentType string) (io.Reader, error) {
	mt, params, err := mime.ParseMediaType(contentType)
	if err != nil || mt != "multipart/form-data" || params["boundary"] == "" {
		return nil, errNotMultipart
	}
	mr := multipart.NewReader(bytes.NewReader(body), params["boundary"])
	for {
		part, err := mr.NextPart()
		if err == io.EOF {
			return nil, models.Invalid("file", "required")
		}
		if err != nil {
			return nil, errNotMultipart
		}
		if part.FormName() == "file" {
			return part, nil
		}
	}
}

// uploadPhoto checks, processes and stores one photo. Objects are written
// first and the row last; a failure on the way removes what was written.
func (s *Server) uploadPhoto(c *fiber.Ctx) error {
	p := principalOf(c)
	body, ct := c.Body(), c.Get(fiber.HeaderContentType)
	// First pass: measure the file so an oversized one is refused before
	// any decoding.
	part, err := filePart(body, ct)
	if err != nil {
		return err
	}
	n, err := io.Copy(io.Discard, io.LimitReader(part, photoLimit+1))
	if err != nil {
		return errNotMultipart
	}
	if n > photoLimit {
		return errFileTooLarge
	}
	if part, err = filePart(body, ct); err != nil {
		return err
	}
	res, err := s.photos.Process(c.UserContext(), part)
	if err != nil {
		return photoError(err)
	}

	prefix, err := newPhotoPrefix(s.clock.Now())
	if err != nil {
		return err
	}
	ctx := c.UserContext()
	variants := map[string]photo.Variant{models.SizeOriginal: res.Original, models.SizePreview: res.Preview, models.SizeThumb: res.Thumb}
	var written []string
	cleanup := func() {
		bg, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		for _, k := range written {
			if err := s.bucket.Delete(bg, k); err != nil {
				s.log.Warn("remove object of a failed upload", slog.String("key", k), slog.Any("err", err))
			}
		}
	}
	for _, size := range models.PhotoSizes {
		v := variants[size]
		key := prefix + size + ".jpg"
		if err := s.bucket.Put(ctx, key, bytes.NewReader(v.Data), int64(len(v.Data)), "image/jpeg"); err != nil {
			cleanup()
			if storage.IsUnavailable(err) {
				s.log.Warn("object store unavailable", slog.String("request_id", requestID(c)), slog.Any("err", err))
				return errStorageDown
			}
			return fmt.Errorf("store photo object: %w", err)
		}
		written = append(written, key)
	}
	sum := sha256.Sum256(res.Original.Data)
	row := &models.Photo{ObjectPrefix: prefix, UploadedBy: p.UserID, UploaderSupplierID: p.SupplierID,
		Width: res.Original.Width, Height: res.Original.Height, Bytes: int64(len(res.Original.Data)),
		PreviewBytes: int64(len(res.Preview.Data)), ThumbBytes: int64(len(res.Thumb.Data)), Sha256: hex.EncodeToString(sum[:])}
	if err := s.store.CreatePhoto(ctx, row); err != nil {
		cleanup()
		return err
	}
	return c.Status(fiber.StatusCreated).JSON(photoResponse{ID: row.ID, Width: row.Width, Height: row.Height,
		Bytes: row.Bytes, CreatedAt: row.CreatedAt, URLs: s.photoURLsFor(p, row.ID)})
}

func photoError(err error) error {
	switch {
	case errors.Is(err, photo.ErrHEIC):
		return apiError(fiber.StatusUnsupportedMediaType, "heic_not_supported",
			"HEIC/HEIF photos cannot be stored: upload a JPEG (on iPhone: Settings → Camera → Formats → Most Compatible), or use the Gendan app, which converts them.")
	case errors.Is(err, photo.ErrUnsupported):
		return apiError(fiber.StatusUnsupportedMediaType, "unsupported_media_type", "Only JPEG, PNG and WebP photos are accepted.")
	case errors.Is(err, photo.ErrDamaged):
		return apiError(fiber.StatusUnsupportedMediaType, "image_damaged", "The photo is damaged or incomplete; take or choose it again.")
	case errors.Is(err, photo.ErrTooManyPixels):
		return apiError(fiber.StatusUnprocessableEntity, "image_too_large",
			fmt.Sprintf("The photo has more than %d megapixels.", photo.DefaultMaxPix/1_000_000))
	}
	return err
}

func newPhotoPrefix(now time.Time) (string, error) {
	b := make([]byte, 16)
	if _, err := rand.Read(b); err != nil {
		return "", err
	}
	return fmt.Sprintf("photos/%04d/%02d/%s/", now.Year(), int(now.Month()), hex.EncodeToString(b)), nil
}

// canSeePhoto: an unattached photo is its uploader's alone; an attached one
// follows what it is attached to — staff see it, a factory or qc user only
// when it belongs to a supplier in their scope (Scope.Owns, as for the rows
// of an order's thread).
func canSeePhoto(p *Principal, ph *models.Photo) bool {
	if !ph.Attached() {
		return ph.UploadedBy == p.UserID
	}
	return scopeOf(p).Owns(ph.SupplierID)
}

func (s *Server) getPhoto(c *fiber.Ctx) error {
	id, err := paramID(c, "id")
	if err != nil {
		return err
	}
	size := c.Query("size", models.SizePreview)
	if size != models.SizeOriginal && size != models.SizePreview && size != models.SizeThumb {
		return models.Invalid("size", "one_of", "allowed", "thumb, preview, original")
	}
	ph, err := s.store.GetPhoto(c.UserContext(), id)
	if err != nil {
		return err
	}
	if !canSeePhoto(principalOf(c), ph) {
		return errNotFound
	}
	etag := `"` + ph.Sha256[:24] + "-" + size + `"`
	c.Set(fiber.HeaderETag, etag)
	c.Set(fiber.HeaderCacheControl, "private, max-age=86400")
	c.Set(fiber.HeaderVary, fiber.HeaderAuthorization)
	if inm := c.Get(fiber.HeaderIfNoneMatch); inm != "" && etagMatches(inm, etag) {
		return c.SendStatus(fiber.StatusNotModified)
	}
	key := ph.Key(size)
	if s.presign {
		u, err := s.bucket.PresignGet(c.UserContext(), key, presignTTL)
		if err == nil {
			// The redirect must not outlive the URL it points to.
			c.Set(fiber.HeaderCacheControl, "private, max-age=240")
			return c.Redirect(u, fiber.StatusFound)
		}
		if !errors.Is(err, storage.ErrPresignUnsupported) {
			return s.objectError(c, key, err)
		}
	}
	rc, info, err := s.bucket.Open(c.UserContext(), key)
	if err != nil {
		return s.objectError(c, key, err)
	}
	c.Set(fiber.HeaderContentType, "image/jpeg")
	c.Set(fiber.HeaderContentDisposition, fmt.Sprintf(`inline; filename="photo-%d-%s.jpg"`, ph.ID, size))
	return c.SendStream(rc, int(info.Size))
}

func (s *Server) objectError(c *fiber.Ctx, key string, err error) error {
	switch {
	case errors.Is(err, storage.ErrNotExist):
		s.log.Error("photo object missing", slog.String("key", key), slog.String("request_id", requestID(c)))
		return errNotFound
	case storage.IsUnavailable(err):
		return errStorageDown
	}
	return err
}

func etagMatches(header, etag string) bool {
	for _, t := range strings.Split(header, ",") {
		t = strings.TrimSpace(t)
		if t == "*" || strings.TrimPrefix(t, "W/") == etag {
			return true
		}
	}
	return false
}
