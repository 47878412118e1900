package server

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/gofiber/fiber/v2"

	"gendan/models"
)

// Signed photo URLs let an <img> show a photo: a browser sends no bearer
// token with an image request. A URL names the photo, the size, the user it
// was made for and an expiry, signed with a key derived from the JWT key.
// Using one re-checks that user's current right to see the photo.
//
// The expiry is rounded to the hour so the URL for a photo stays the same
// for an hour and the browser's cache can serve it.
const photoURLMaxAge = 2 * time.Hour

func photoKey(secret []byte) []byte {
	m := hmac.New(sha256.New, secret)
	m.Write([]byte("gendan-photo-url-v1"))
	return m.Sum(nil)
}

func signPhoto(key []byte, id int64, size string, uid, exp int64) string {
	m := hmac.New(sha256.New, key)
	fmt.Fprintf(m, "%d|%s|%d|%d", id, size, uid, exp)
	return base64.RawURLEncoding.EncodeToString(m.Sum(nil)[:18])
}

// photoURL makes a signed URL of one size of a photo for a user.
func (s *Server) photoURL(p *Principal, id int64, size string) string {
	exp := s.clock.Now().Truncate(time.Hour).Add(photoURLMaxAge).Unix()
	sig := signPhoto(photoKey(s.tokens.current.secret), id, size, p.UserID, exp)
	return fmt.Sprintf("/api/v1/photos/%d?size=%s&uid=%d&exp=%d&sig=%s", id, size, p.UserID, exp, sig)
}

// photoURLs are the three sizes' signed URLs, as feature responses carry them.
type photoURLs struct {
	Thumb    string `json:"thumb"`
	Preview  string `json:"preview"`
	Original string `json:"original"`
}

func (s *Server) photoURLsFor(p *Principal, id int64) photoURLs {
	return photoURLs{Thumb: s.photoURL(p, id, models.SizeThumb), Preview: s.photoURL(p, id, models.SizePreview),
		Original: s.photoURL(p, id, models.SizeOriginal)}
}

var errBadPhotoURL = apiError(fiber.StatusUnauthorized, "invalid_photo_url", "This photo link is not valid or has expired; reload the page.")

// authenticatePhotoURL turns a signed photo URL into its user's principal.
func (s *Server) authenticatePhotoURL(c *fiber.Ctx) (*Principal, error) {
	id, err := strconv.ParseInt(c.Params("id"), 10, 64)
	if err != nil {
		return nil, errBadPhotoURL
	}
	uid, err1 := strconv.ParseInt(c.Query("uid"), 10, 64)
	exp, err2 := strconv.ParseInt(c.Query("exp"), 10, 64)
	if err1 != nil || err2 != nil {
		return nil, errBadPhotoURL
	}
	now := s.clock.Now()
	if exp < now.Unix() || exp > now.Add(photoURLMaxAge+time.Hour).Unix() {
		return nil, errBadPhotoURL
	}
	size := c.Query("size", models.SizePreview)
	sig := []byte(c.Query("sig"))
	ok := hmac.Equal(sig, []byte(signPhoto(photoKey(s.tokens.current.secret), id, size, uid, exp)))
	if !ok && s.tokens.previous != nil {
		ok = hmac.Equal(sig, []byte(signPhoto(photoKey(s.tokens.previous.secret), id, size, uid, exp)))
	}
	if !ok {
		return nil, errBadPhotoURL
	}
	st, err := s.store.GetAuthState(c.UserContext(), uid)
	if err != nil && !errors.Is(err, models.ErrNotFound) {
		return nil, err
	}
	// As for tokens: a factory user left without a supplier may see nothing.
	if err != nil || !st.Active || (st.Role == models.RoleFactory && st.SupplierID == nil) {
		return nil, errBadPhotoURL
	}
	p := principalFrom(st)
	c.Locals(localPrincipal, p)
	return p, nil
}
