import { lazy, Suspense, useEffect, useState } from 'react';
import { ErrorScreen } from '../ui/ErrorScreen';
import { Logo } from '../ui/Logo';
import { loadBoardPage } from './early';
import { parseRoute, useLocationPath } from './route';

type BoardPageModule = Awaited<ReturnType<typeof loadBoardPage>>;
// The canvas (Konva, Yjs, the provider) is most of the bundle; the landing page does not need it.
let boardPageModule: BoardPageModule | null = null;
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
      return <BoardRoute key={route.boardId} boardId={route.boardId} />;
    case 'not-found':
      return <ErrorScreen title="Page not found" message="There is nothing at this address." />;
  }
}

/**
 * The board page once its code is in (loading it started before React did: early.ts). Not
 * React.lazy: a boundary that showed its fallback is revealed at most every 300 ms (React's
 * fallback throttle), which held a board whose code had arrived up to 0.3 s on the loading
 * screen; a state update renders at once.
 */
function BoardRoute({ boardId }: { boardId: string }) {
  const [page, setPage] = useState(boardPageModule);
  const [failure, setFailure] = useState<Error | null>(null);
  useEffect(() => {
    if (page) return;
    let current = true;
    loadBoardPage().then(
      (loaded) => {
        boardPageModule = loaded;
        if (current) setPage(loaded);
      },
      (error: unknown) => {
        if (current) setFailure(error instanceof Error ? error : new Error(String(error)));
      },
    );
    return () => {
      current = false;
    };
  }, [page]);
  // As a failed lazy load would: the error goes up to React.
  if (failure) throw failure;
  if (!page) return loading;
  const Page = page.default;
  return <Page boardId={boardId} />;
}
