import { QueryClientProvider } from '@tanstack/react-query';
import { useState } from 'react';
import { BrowserRouter, Route, Routes } from 'react-router';
import { createQueryClient } from './api/queries';
import { Layout } from './components/Layout';
import { AdminLotteryPage, AdminPage } from './pages/admin/AdminPages';
import { DrawPage } from './pages/Draw';
import { HomePage } from './pages/Home';
import { LoginPage, SignupPage } from './pages/Auth';
import { LotteryPage } from './pages/Lottery';
import { MyBallotsPage } from './pages/my-ballots/MyBallotsPage';
import { NotFoundPage } from './pages/NotFound';
import { WinnersPage } from './pages/Winners';

export const App = () => {
  const [queryClient] = useState(createQueryClient);
  return (
    <QueryClientProvider client={queryClient}>
      <BrowserRouter>
        <Routes>
          <Route element={<Layout />}>
            <Route index element={<HomePage />} />
            <Route path="login" element={<LoginPage />} />
            <Route path="signup" element={<SignupPage />} />
            <Route path="my/ballots" element={<MyBallotsPage />} />
            <Route path="winners" element={<WinnersPage />} />
            <Route path="winners/:date" element={<WinnersPage />} />
            <Route path="lotteries/:id" element={<LotteryPage />} />
            <Route path="lotteries/:id/draws/:date" element={<DrawPage />} />
            <Route path="admin" element={<AdminPage />} />
            <Route path="admin/lotteries/:id" element={<AdminLotteryPage />} />
            <Route path="*" element={<NotFoundPage />} />
          </Route>
        </Routes>
      </BrowserRouter>
    </QueryClientProvider>
  );
};
