import { MyAppointments } from '../../components/appointments/my-appointments';

export const metadata = { title: 'My appointments' };

export default function AppointmentsPage() {
  return <MyAppointments />;
}
