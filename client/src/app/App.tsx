import { lazy, Suspense } from 'react';
import { ErrorScreen } from '../ui/ErrorScreen';
import { Logo } from '../ui/Logo';
import { loadBoardPage } from './early';
import { parseRoute, useLocationPath } from './route';

// The canvas (Konva, Yjs, the provider) is most of the bundle; the landing page does not need it.
const BoardPage = lazy(loadBoardPage);
// Nor does a board page need the landing page's code (the schema's validators among it).
const LandingPage = lazy(() =>
  import('./LandingPage').then((module) => ({ default: module.LandingPage })),
);

const loading = (
  <main className="loading-screen">
    <Logo size={40} />
  </main>
);

/** Picks the screen from the URL: `/` or `/b/:boardId`. */
export function App() {
  const path = useLocationPath();
  const route = parseRoute(path.split('?')[0]!);
  switch (route.name) {
    case 'landing':
      return (
        <Suspense fallback={loading}>
          <LandingPage />
        </Suspense>
      );
    case 'board':
      return (
        <Suspense fallback={loading}>
          <BoardPage key={route.boardId} boardId={route.boardId} />
        </Suspense>
      );
    case 'not-found':
      return <ErrorScreen title="Page not found" message="There is nothing at this address." />;
  }
}
