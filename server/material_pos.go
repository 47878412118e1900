package server

// materialPORoutes are the routes of material follow-up's material POs, their dates and receipts (docs/MATERIALS.md).
func (s *Server) materialPORoutes() []route {
	return nil
}
