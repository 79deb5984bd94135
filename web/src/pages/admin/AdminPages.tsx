import { useTitle } from '../../hooks';
import { AdminHome } from './AdminHome';
import { AdminLottery } from './AdminLottery';
import { AdminOnly } from './AdminOnly';

export const AdminPage = () => {
  useTitle('Admin');
  return (
    <AdminOnly>
      <AdminHome />
    </AdminOnly>
  );
};

export const AdminLotteryPage = () => (
  <AdminOnly>
    <AdminLottery />
  </AdminOnly>
);
