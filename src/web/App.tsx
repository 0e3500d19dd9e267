/** The routes: public pages (sign-in, passwords) and the signed-in screens, each behind its action. */
import { lazy, Suspense } from 'react';
import { BrowserRouter, Route, Routes } from 'react-router-dom';
import { SessionProvider } from './auth/session.js';
import { RequireAuth, RequirePermission } from './auth/RequireAuth.js';
import { AppLayout, PublicLayout } from './layout/AppLayout.js';
import { LoginPage } from './login/LoginPage.js';
import { NotFoundPage } from './layout/NotFoundPage.js';
import { Loading } from './ui/Loading.js';

// Screens are loaded when first opened: the sign-in page stays light on a weak network.
const loadHomePage = () => import('./home/HomePage.js');
const PublicApplicationPage = lazy(() =>
  import('./journey/PublicApplicationPage.js').then((m) => ({ default: m.PublicApplicationPage })),
);
const PublicHelpRequestPage = lazy(() =>
  import('./help-requests/PublicHelpRequestPage.js').then((m) => ({
    default: m.PublicHelpRequestPage,
  })),
);
const HelpRequestsListPage = lazy(() =>
  import('./help-requests/HelpRequestsListPage.js').then((m) => ({
    default: m.HelpRequestsListPage,
  })),
);
const IncomingCallPage = lazy(() =>
  import('./help-requests/IncomingCallPage.js').then((m) => ({ default: m.IncomingCallPage })),
);
const HelpRequestPage = lazy(() =>
  import('./help-requests/HelpRequestPage.js').then((m) => ({ default: m.HelpRequestPage })),
);
const PublicNeighbourPage = lazy(() =>
  import('./neighbours/NeighbourSignUpPage.js').then((m) => ({ default: m.PublicNeighbourPage })),
);
const StaffNeighbourSignUpPage = lazy(() =>
  import('./neighbours/NeighbourSignUpPage.js').then((m) => ({
    default: m.StaffNeighbourSignUpPage,
  })),
);
const NeighboursListPage = lazy(() =>
  import('./neighbours/NeighboursListPage.js').then((m) => ({ default: m.NeighboursListPage })),
);
const HomePage = lazy(() => loadHomePage().then((m) => ({ default: m.HomePage })));
const ForgotPasswordPage = lazy(() =>
  import('./login/ForgotPasswordPage.js').then((m) => ({ default: m.ForgotPasswordPage })),
);
const SetPasswordPage = lazy(() =>
  import('./login/SetPasswordPage.js').then((m) => ({ default: m.SetPasswordPage })),
);
const CallbacksPage = lazy(() =>
  import('./todo/CallbacksPage.js').then((m) => ({ default: m.CallbacksPage })),
);
const TodoSectionPage = lazy(() =>
  import('./todo/TodoPage.js').then((m) => ({ default: m.TodoSectionPage })),
);
const PeopleListPage = lazy(() =>
  import('./people/PeopleListPage.js').then((m) => ({ default: m.PeopleListPage })),
);
const PersonFilePage = lazy(() =>
  import('./people/PersonFilePage.js').then((m) => ({ default: m.PersonFilePage })),
);
const PersonCreatePage = lazy(() =>
  import('./people/PersonForm.js').then((m) => ({ default: m.PersonCreatePage })),
);
const PersonEditPage = lazy(() =>
  import('./people/PersonForm.js').then((m) => ({ default: m.PersonEditPage })),
);
const EvaluationPage = lazy(() =>
  import('./people/EvaluationPage.js').then((m) => ({ default: m.EvaluationPage })),
);
const StatusChangePage = lazy(() =>
  import('./people/StatusChangePage.js').then((m) => ({ default: m.StatusChangePage })),
);
const ConsentPage = lazy(() =>
  import('./people/ConsentPage.js').then((m) => ({ default: m.ConsentPage })),
);
const MergePage = lazy(() =>
  import('./people/MergePage.js').then((m) => ({ default: m.MergePage })),
);
const ViewsPage = lazy(() =>
  import('./people/ViewsPage.js').then((m) => ({ default: m.ViewsPage })),
);
const VisitorsListPage = lazy(() =>
  import('./visitors/VisitorsListPage.js').then((m) => ({ default: m.VisitorsListPage })),
);
const MyVisitorRecordPage = lazy(() =>
  import('./visitors/VisitorFilePage.js').then((m) => ({ default: m.MyVisitorRecordPage })),
);
const VisitorFilePage = lazy(() =>
  import('./visitors/VisitorFilePage.js').then((m) => ({ default: m.VisitorFilePage })),
);
const StaffApplicationPage = lazy(() =>
  import('./journey/StaffApplicationPage.js').then((m) => ({ default: m.StaffApplicationPage })),
);
const VisitorCreatePage = lazy(() =>
  import('./visitors/VisitorForm.js').then((m) => ({ default: m.VisitorCreatePage })),
);
const VisitorEditPage = lazy(() =>
  import('./visitors/VisitorForm.js').then((m) => ({ default: m.VisitorEditPage })),
);
const PairsPage = lazy(() =>
  import('./visitors/PairsPage.js').then((m) => ({ default: m.PairsPage })),
);
const MatchingPage = lazy(() =>
  import('./matching/MatchingPage.js').then((m) => ({ default: m.MatchingPage })),
);
const SuggestionsPage = lazy(() =>
  import('./matching/SuggestionsPage.js').then((m) => ({ default: m.SuggestionsPage })),
);
const MatchReviewPage = lazy(() =>
  import('./matches/MatchReviewPage.js').then((m) => ({ default: m.MatchReviewPage })),
);
const ReferralsListPage = lazy(() =>
  import('./referrals/ReferralsListPage.js').then((m) => ({ default: m.ReferralsListPage })),
);
const ReferralFormPage = lazy(() =>
  import('./referrals/ReferralFormPage.js').then((m) => ({ default: m.ReferralFormPage })),
);
const ReferralPage = lazy(() =>
  import('./referrals/ReferralPage.js').then((m) => ({ default: m.ReferralPage })),
);
const ImportPage = lazy(() =>
  import('./imports/ImportPage.js').then((m) => ({ default: m.ImportPage })),
);
const AuditPage = lazy(() =>
  import('./audit/AuditPage.js').then((m) => ({ default: m.AuditPage })),
);
const PlanningPage = lazy(() =>
  import('./planning/PlanningPage.js').then((m) => ({ default: m.PlanningPage })),
);
const loadTodayPage = () => import('./visits/TodayPage.js');
const TodayPage = lazy(() => loadTodayPage().then((m) => ({ default: m.TodayPage })));
const AlertsPage = lazy(() =>
  import('./alerts/AlertsPage.js').then((m) => ({ default: m.AlertsPage })),
);
const AlertPage = lazy(() =>
  import('./alerts/AlertPage.js').then((m) => ({ default: m.AlertPage })),
);
const SettingsPage = lazy(() =>
  import('./settings/SettingsPage.js').then((m) => ({ default: m.SettingsPage })),
);
const UsersPage = lazy(() =>
  import('./settings/UsersPage.js').then((m) => ({ default: m.UsersPage })),
);

// Training, seminars, tutoring and the young visitors' insertion (issue 12).
const TrainingPage = lazy(() =>
  import('./training/TrainingPage.js').then((m) => ({ default: m.TrainingPage })),
);
const ProfessionalsPage = lazy(() =>
  import('./professionals/ProfessionalsPage.js').then((m) => ({ default: m.ProfessionalsPage })),
);
const ProfessionalPage = lazy(() =>
  import('./professionals/ProfessionalPage.js').then((m) => ({ default: m.ProfessionalPage })),
);
const ProfessionalCreatePage = lazy(() =>
  import('./professionals/ProfessionalPage.js').then((m) => ({
    default: m.ProfessionalCreatePage,
  })),
);
const PublicCheckPage = lazy(() =>
  import('./professionals/PublicCheckPage.js').then((m) => ({ default: m.PublicCheckPage })),
);
const SessionPage = lazy(() =>
  import('./training/SessionPage.js').then((m) => ({ default: m.SessionPage })),
);
const YoungVisitorsReportPage = lazy(() =>
  import('./training/YoungVisitorsReportPage.js').then((m) => ({
    default: m.YoungVisitorsReportPage,
  })),
);

/**
 * The screen the app opens on (a visitor's day, the home page) is fetched with the app itself,
 * alongside the session, rather than once the session has answered: on a slow mobile link that
 * is one round trip less before the visitor sees their visits (issue 11, bench/phone.ts).
 */
const FIRST_SCREENS: Record<string, () => Promise<unknown>> = {
  '/': loadHomePage,
  '/aujourdhui': loadTodayPage,
};
const firstScreen = FIRST_SCREENS[window.location.pathname.replace(/(.)\/$/, '$1')];
if (firstScreen) void firstScreen().catch(() => undefined);

export function App() {
  return (
    <SessionProvider>
      <BrowserRouter>
        <Suspense fallback={<Loading />}>
          <Routes>
            <Route element={<PublicLayout />}>
              <Route path="/connexion" element={<LoginPage />} />
              <Route path="/mot-de-passe-oublie" element={<ForgotPasswordPage />} />
              <Route path="/mot-de-passe/nouveau" element={<SetPasswordPage purpose="reset" />} />
              <Route path="/invitation" element={<SetPasswordPage purpose="invitation" />} />
              <Route path="/devenir-benevole/:organisationId" element={<PublicApplicationPage />} />
              <Route path="/pro/verification" element={<PublicCheckPage />} />
              <Route path="/demande-entraide/:organisationId" element={<PublicHelpRequestPage />} />
              <Route
                path="/devenir-voisin-actif/:organisationId"
                element={<PublicNeighbourPage />}
              />
            </Route>
            <Route
              element={
                <RequireAuth>
                  <AppLayout />
                </RequireAuth>
              }
            >
              <Route index element={<HomePage />} />
              <Route
                path="personnes"
                element={
                  <RequirePermission action="person.list">
                    <PeopleListPage />
                  </RequirePermission>
                }
              />
              <Route
                path="personnes/nouvelle"
                element={
                  <RequirePermission action="person.create">
                    <PersonCreatePage />
                  </RequirePermission>
                }
              />
              <Route
                path="personnes/:id"
                element={
                  <RequirePermission action="person.read">
                    <PersonFilePage />
                  </RequirePermission>
                }
              />
              <Route
                path="personnes/:id/modifier"
                element={
                  <RequirePermission action="person.update">
                    <PersonEditPage />
                  </RequirePermission>
                }
              />
              <Route
                path="personnes/:id/evaluation"
                element={
                  <RequirePermission action="evaluation.create">
                    <EvaluationPage />
                  </RequirePermission>
                }
              />
              <Route
                path="personnes/:id/statut"
                element={
                  <RequirePermission action="person.transition">
                    <StatusChangePage />
                  </RequirePermission>
                }
              />
              <Route
                path="personnes/:id/binome"
                element={
                  <RequirePermission action="matching.suggest">
                    <SuggestionsPage />
                  </RequirePermission>
                }
              />
              <Route
                path="personnes/:id/consentement"
                element={
                  <RequirePermission action="consent.create">
                    <ConsentPage />
                  </RequirePermission>
                }
              />
              <Route
                path="personnes/:id/fusion"
                element={
                  <RequirePermission action="person.merge">
                    <MergePage />
                  </RequirePermission>
                }
              />
              <Route
                path="personnes/:id/consultations"
                element={
                  <RequirePermission action="person.views">
                    <ViewsPage />
                  </RequirePermission>
                }
              />
              <Route
                path="voisins"
                element={
                  <RequirePermission action="neighbour.list">
                    <NeighboursListPage />
                  </RequirePermission>
                }
              />
              <Route
                path="voisins/inscription"
                element={
                  <RequirePermission action="neighbour.manage">
                    <StaffNeighbourSignUpPage />
                  </RequirePermission>
                }
              />
              <Route
                path="visiteurs"
                element={
                  <RequirePermission action="visitor.list">
                    <VisitorsListPage />
                  </RequirePermission>
                }
              />
              <Route
                path="visiteurs/nouveau"
                element={
                  <RequirePermission action="visitor.create">
                    <VisitorCreatePage />
                  </RequirePermission>
                }
              />
              <Route
                path="visiteurs/candidature"
                element={
                  <RequirePermission action="journey.manage">
                    <StaffApplicationPage />
                  </RequirePermission>
                }
              />
              <Route
                path="visiteurs/:id"
                element={
                  <RequirePermission action="visitor.read">
                    <VisitorFilePage />
                  </RequirePermission>
                }
              />
              <Route
                path="visiteurs/:id/modifier"
                element={
                  <RequirePermission action="visitor.update">
                    <VisitorEditPage />
                  </RequirePermission>
                }
              />
              <Route
                path="ma-fiche"
                element={
                  <RequirePermission action="visitor.read">
                    <MyVisitorRecordPage />
                  </RequirePermission>
                }
              />
              <Route
                path="binomes"
                element={
                  <RequirePermission action="pair.list">
                    <PairsPage />
                  </RequirePermission>
                }
              />
              <Route
                path="appariements"
                element={
                  <RequirePermission action="matching.propose">
                    <MatchingPage />
                  </RequirePermission>
                }
              />
              <Route
                path="appariements/:id/bilan"
                element={
                  <RequirePermission action="match.review">
                    <MatchReviewPage />
                  </RequirePermission>
                }
              />
              <Route
                path="planning"
                element={
                  <RequirePermission action="planning.read">
                    <PlanningPage />
                  </RequirePermission>
                }
              />
              <Route
                path="aujourdhui"
                element={
                  <RequirePermission action="visit.own">
                    <TodayPage />
                  </RequirePermission>
                }
              />
              <Route
                path="rappels"
                element={
                  <RequirePermission action="contact.list">
                    <CallbacksPage />
                  </RequirePermission>
                }
              />
              <Route
                path="a-faire/:section"
                element={
                  <RequirePermission action="todo.read">
                    <TodoSectionPage />
                  </RequirePermission>
                }
              />
              <Route
                path="entraide"
                element={
                  <RequirePermission action="help_request.list">
                    <HelpRequestsListPage />
                  </RequirePermission>
                }
              />
              <Route
                path="entraide/appel"
                element={
                  <RequirePermission action="help_request.create">
                    <IncomingCallPage />
                  </RequirePermission>
                }
              />
              <Route
                path="entraide/:id"
                element={
                  <RequirePermission action="help_request.read">
                    <HelpRequestPage />
                  </RequirePermission>
                }
              />
              <Route
                path="alertes"
                element={
                  <RequirePermission action="alert.list">
                    <AlertsPage />
                  </RequirePermission>
                }
              />
              <Route
                path="alertes/:id"
                element={
                  <RequirePermission action="alert.list">
                    <AlertPage />
                  </RequirePermission>
                }
              />
              <Route
                path="signalements"
                element={
                  <RequirePermission action="referral.list">
                    <ReferralsListPage />
                  </RequirePermission>
                }
              />
              <Route
                path="signalements/nouveau"
                element={
                  <RequirePermission action="referral.create">
                    <ReferralFormPage />
                  </RequirePermission>
                }
              />
              <Route
                path="signalements/:id"
                element={
                  <RequirePermission action="referral.read">
                    <ReferralPage />
                  </RequirePermission>
                }
              />
              <Route
                path="imports"
                element={
                  <RequirePermission action="import.run">
                    <ImportPage />
                  </RequirePermission>
                }
              />
              <Route
                path="journal"
                element={
                  <RequirePermission action="audit.read">
                    <AuditPage />
                  </RequirePermission>
                }
              />
              <Route
                path="organisation"
                element={
                  <RequirePermission action="organisation.update">
                    <SettingsPage />
                  </RequirePermission>
                }
              />
              <Route
                path="utilisateurs"
                element={
                  <RequirePermission action="user.list">
                    <UsersPage />
                  </RequirePermission>
                }
              />
              <Route
                path="professionnels"
                element={
                  <RequirePermission action="professional.list">
                    <ProfessionalsPage />
                  </RequirePermission>
                }
              />
              <Route
                path="professionnels/nouveau"
                element={
                  <RequirePermission action="professional.manage">
                    <ProfessionalCreatePage />
                  </RequirePermission>
                }
              />
              <Route
                path="professionnels/:id"
                element={
                  <RequirePermission action="professional.read">
                    <ProfessionalPage />
                  </RequirePermission>
                }
              />
              <Route
                path="formations"
                element={
                  <RequirePermission action="training.read">
                    <TrainingPage />
                  </RequirePermission>
                }
              />
              <Route
                path="formations/:id"
                element={
                  <RequirePermission action="training.read">
                    <SessionPage />
                  </RequirePermission>
                }
              />
              <Route
                path="rapports/jeunes-visiteurs"
                element={
                  <RequirePermission action="stats.read">
                    <YoungVisitorsReportPage />
                  </RequirePermission>
                }
              />
              <Route path="*" element={<NotFoundPage />} />
            </Route>
          </Routes>
        </Suspense>
      </BrowserRouter>
    </SessionProvider>
  );
}
