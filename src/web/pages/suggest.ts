/**
 * Type-ahead suggestions for the tender form's service and place boxes (app.js asks as you type): a JSON list of
 * the texts the form accepts back. For the web app only, so not in the OpenAPI document.
 *   GET /suggest/services?q=welfare → ["85311100 Welfare services for the elderly", …]
 *   GET /suggest/places?q=exe       → ["Exeter, local authority in Devon (E07000041)", …]
 */
import { Router } from 'express';
import { placeText, serviceText, suggestPlaces, suggestServices } from '../../reference/find.ts';
import type { CoreDeps } from '../../shared/deps.ts';
import { one } from '../forms.ts';

export function suggestRoutes(deps: Pick<CoreDeps, 'ref'>): Router {
  const router = Router();
  router.get('/suggest/services', (req, res) => {
    res.json(suggestServices(deps.ref.cpv, one(req.query, 'q', 200)).map(serviceText));
  });
  router.get('/suggest/places', (req, res) => {
    res.json(suggestPlaces(deps.ref.geography, one(req.query, 'q', 200)).map((a) => placeText(deps.ref.geography, a)));
  });
  return router;
}
