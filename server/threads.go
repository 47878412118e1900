package server

import (
	"encoding/json"
	"time"

	"github.com/gofiber/fiber/v2"

	"gendan/models"
)

type activityDTO struct {
	ID        int64      `json:"id"`
	Kind      string     `json:"kind"`
	Actor     string     `json:"actor"`
	Data      rawJSON    `json:"data"`
	Photos    []photoRef `json:"photos,omitempty"`
	CreatedAt time.Time  `json:"created_at"`
}

// listActivity shows an order's history; a factory user sees none of the
// internal events (price, notes).
func (s *Server) listActivity(c *fiber.Ctx) error {
	o, err := s.visibleOrder(c)
	if err != nil {
		return err
	}
	pg, err := page(c)
	if err != nil {
		return err
	}
	evs, next, err := s.store.ListActivity(c.UserContext(), o.ID, scopeOf(principalOf(c)), pg)
	if err != nil {
		return err
	}
	var actors, reportIDs, commentIDs []int64
	for _, e := range evs {
		if e.ActorID != nil {
			actors = append(actors, *e.ActorID)
		}
		var d struct {
			ReportID  int64 `json:"report_id"`
			CommentID int64 `json:"comment_id"`
		}
		_ = json.Unmarshal([]byte(e.Data), &d)
		if d.ReportID > 0 {
			reportIDs = append(reportIDs, d.ReportID)
		}
		if d.CommentID > 0 {
			commentIDs = append(commentIDs, d.CommentID)
		}
	}
	names, err := s.store.UserNames(c.UserContext(), actors)
	if err != nil {
		return err
	}
	rp, err := s.photosOf(c, "progress_report", reportIDs)
	if err != nil {
		return err
	}
	cp, err := s.photosOf(c, "comment", commentIDs)
	if err != nil {
		return err
	}
	out := make([]activityDTO, len(evs))
	for i, e := range evs {
		d := activityDTO{ID: e.ID, Kind: e.Kind, Data: rawJSON(e.Data), CreatedAt: e.CreatedAt}
		if e.ActorID != nil {
			d.Actor = names[*e.ActorID]
		}
		var ref struct {
			ReportID  int64 `json:"report_id"`
			CommentID int64 `json:"comment_id"`
		}
		_ = json.Unmarshal([]byte(e.Data), &ref)
		if ref.ReportID > 0 {
			d.Photos = rp[ref.ReportID]
		} else if ref.CommentID > 0 {
			d.Photos = cp[ref.CommentID]
		}
		out[i] = d
	}
	return c.JSON(listOf(out, next))
}

type commentDTO struct {
	ID        int64      `json:"id"`
	Author    string     `json:"author"`
	AuthorID  int64      `json:"author_id"`
	Body      string     `json:"body"`
	Photos    []photoRef `json:"photos"`
	CreatedAt time.Time  `json:"created_at"`
}

func (s *Server) commentDTOs(c *fiber.Ctx, cs []models.Comment) ([]commentDTO, error) {
	ids, authors := make([]int64, len(cs)), make([]int64, len(cs))
	for i, cm := range cs {
		ids[i], authors[i] = cm.ID, cm.AuthorID
	}
	photos, err := s.photosOf(c, "comment", ids)
	if err != nil {
		return nil, err
	}
	names, err := s.store.UserNames(c.UserContext(), authors)
	if err != nil {
		return nil, err
	}
	out := make([]commentDTO, len(cs))
	for i, cm := range cs {
		out[i] = commentDTO{ID: cm.ID, Author: names[cm.AuthorID], AuthorID: cm.AuthorID, Body: cm.Body,
			Photos: nonNil(photos[cm.ID]), CreatedAt: cm.CreatedAt}
	}
	return out, nil
}

func (s *Server) listComments(c *fiber.Ctx) error {
	o, err := s.visibleOrder(c)
	if err != nil {
		return err
	}
	pg, err := page(c)
	if err != nil {
		return err
	}
	cs, next, err := s.store.ListComments(c.UserContext(), o.ID, scopeOf(principalOf(c)), pg)
	if err != nil {
		return err
	}
	out, err := s.commentDTOs(c, cs)
	if err != nil {
		return err
	}
	return c.JSON(listOf(out, next))
}

func (s *Server) createComment(c *fiber.Ctx) error {
	id, err := paramID(c, "id")
	if err != nil {
		return err
	}
	var req struct {
		Body     string  `json:"body"`
		PhotoIDs []int64 `json:"photo_ids"`
	}
	if err := bindJSON(c, &req); err != nil {
		return err
	}
	p := principalOf(c)
	cm, err := s.store.CreateComment(c.UserContext(), id, req.Body, req.PhotoIDs, models.Uploader{UserID: p.UserID, SupplierID: p.SupplierID}, scopeOf(p))
	if err != nil {
		return err
	}
	out, err := s.commentDTOs(c, []models.Comment{*cm})
	if err != nil {
		return err
	}
	return c.Status(fiber.StatusCreated).JSON(out[0])
}
